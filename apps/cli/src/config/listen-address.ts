/** Where the HTTP API listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Host used when `--http` names only a port. */
export const DEFAULT_HTTP_HOST = '127.0.0.1';

/** Parses `HOST:PORT`, `[v6]:PORT`, `:PORT` or `PORT` (port 0 picks a free one); returns an error message instead when invalid. */
export function parseListenAddress(text: string): ListenAddress | { error: string } {
  const value = text.trim();
  let host = DEFAULT_HTTP_HOST;
  let port = value;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(value);
  if (v6 !== null) {
    host = v6[1] as string;
    port = v6[2] as string;
  } else if (value.includes(':')) {
    const colon = value.lastIndexOf(':');
    host = value.slice(0, colon) || DEFAULT_HTTP_HOST;
    port = value.slice(colon + 1);
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    return { error: `expected HOST:PORT with a port from 0 to 65535 (0 picks a free port), got ${JSON.stringify(text)}` };
  }
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) return { error: `${JSON.stringify(host)} is not a host name or IP address` };
  return { host, port: Number(port) };
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
