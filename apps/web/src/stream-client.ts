import type { DepthMessage } from './types.js';

/** What the page hears from its stream connection. */
export interface StreamHandlers {
  onDepth(message: DepthMessage): void;
  onConnection(state: 'connecting' | 'open' | 'closed', detail?: string): void;
}

/** The `/stream` URL of the server that served the page: same origin, so lob accepts it without an allow-list. */
export function streamUrl(location: { protocol: string; host: string }, books: readonly string[], depth: number): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const symbols = books.map(encodeURIComponent).join(',');
  return `${scheme}//${location.host}/stream?symbols=${symbols}&mode=depth&depth=${depth}`;
}

/** Follows books in `depth` mode, reconnecting (after 1 s, doubling to 30 s) when the connection drops. */
export function followBooks(url: string, handlers: StreamHandlers): () => void {
  let socket: WebSocket | undefined;
  let retryMs = 1000;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = (): void => {
    handlers.onConnection('connecting');
    socket = new WebSocket(url);
    socket.onopen = () => {
      retryMs = 1000;
      handlers.onConnection('open');
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as { type?: string; message?: string };
      if (message.type === 'depth') handlers.onDepth(message as DepthMessage);
      else if (message.type === 'error') handlers.onConnection('open', message.message);
    };
    socket.onclose = (event) => {
      handlers.onConnection('closed', event.reason || `code ${event.code}`);
      if (stopped) return;
      timer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 30_000);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close();
  };
}
