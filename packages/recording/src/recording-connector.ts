import { DecodeError, type Connector, type RestSnapshots, type SnapshotResponse, type StreamListener, type StreamMessage } from '@lob/core';
import { preparationLine } from './preparation-line.js';
import { receiveNs } from './receive-clock.js';
import type { TimelineRecorder } from './timeline-recorder.js';

/** What a recording connector needs besides the connector it records. */
export interface RecordingOptions {
  readonly recorder: TimelineRecorder;
  /** Receive time in ns as decimal text (default: the process's wall clock in ns). */
  readonly clock?: () => string;
  /** Told once per kind of thing that cannot be recorded (e.g. a message a connector decoded without its text). */
  readonly onWarning?: (message: string) => void;
}

/** A frame received and not yet written: written once its decoded symbol is known. */
interface PendingFrame {
  readonly ns: string;
  readonly frame: string;
  readonly symbols: readonly string[];
}

/**
 * Wraps a connector so that every raw frame and REST snapshot body it receives is written, with its receive time,
 * to the timeline of its symbol (frames naming no symbol of their connection, or several, to every symbol of that
 * connection). A connector's preparation of a symbol (Connector.preparation) starts each file of that symbol's
 * timeline from the first line written once it is known (preparation-line.ts), so a replay needs no request.
 * Everything else passes through untouched; recording never throws into the book pipeline.
 */
export function recordingConnector<C extends Connector>(connector: C, options: RecordingOptions): C {
  const { recorder } = options;
  const clock = options.clock ?? receiveNs;
  const venue = connector.market;
  const warned = new Set<string>();
  const warn = (key: string, message: string): void => {
    if (warned.has(key)) return;
    warned.add(key);
    options.onWarning?.(message);
  };
  // Symbols whose timeline has the connector's preparation (it is asked for until it gives one).
  const prepared = new Set<string>();
  const prepare = (symbol: string): void => {
    if (connector.preparation === undefined || prepared.has(symbol)) return;
    let text: string | undefined;
    try {
      text = connector.preparation(symbol);
    } catch (error) {
      warn('preparation', `${venue}: the connector's preparation failed (${(error as Error).message}): a replay may lack it`);
      prepared.add(symbol);
      return;
    }
    if (text === undefined) return;
    prepared.add(symbol);
    recorder.setPreamble(venue, symbol, preparationLine(text));
  };
  /** Writes one line to a symbol's timeline, its preparation first once the connector has it. */
  const writeOne = (symbol: string, ns: string, raw: string): void => {
    prepare(symbol);
    recorder.write(venue, symbol, ns, raw);
  };
  const write = (symbols: readonly string[], ns: string, raw: string): void => {
    for (const symbol of symbols) writeOne(symbol, ns, raw);
  };
  /** The symbols a decoded message belongs to: its own when it is one of the connection's, else all of them. */
  const target = (symbol: string | undefined, connectionSymbols: readonly string[]): readonly string[] =>
    symbol !== undefined && connectionSymbols.includes(symbol) ? [symbol] : connectionSymbols;

  // Core decodes a frame synchronously inside onFrame (StreamSession), so the frame being delivered is the one
  // `decode` sees: it is written once decode says whose it is.
  let pending: PendingFrame | undefined;

  const openStream: Connector['openStream'] = (symbols, listener) => {
    const own = [...symbols];
    const wrapped: StreamListener = {
      wantsFrameText: true,
      onOpen: () => listener.onOpen(),
      onFrame: (frame) => {
        const outer = pending;
        const mine: PendingFrame = { ns: clock(), frame, symbols: own };
        pending = mine;
        try {
          listener.onFrame(frame);
        } finally {
          // Not decoded (a connection core has already left): still received, so still recorded.
          if (pending === mine) write(own, mine.ns, frame);
          pending = outer;
        }
      },
      ...(listener.onMessage === undefined
        ? {}
        : {
            onMessage: (message: StreamMessage, frame?: string) => {
              if (frame !== undefined) write(target(symbolOf(message), own), clock(), frame);
              else warn('message', `${venue}: a message decoded off the main thread came without its text: it is not recorded`);
              listener.onMessage!(message, frame);
            },
          }),
      onAlive: () => listener.onAlive?.(),
      onClose: (reason, error) => listener.onClose(reason, error),
    };
    return connector.openStream(symbols, wrapped);
  };

  const decode = (frame: string): StreamMessage => {
    const context = pending !== undefined && pending.frame === frame ? pending : undefined;
    if (context === undefined) return connector.decode(frame);
    pending = undefined;
    let message: StreamMessage;
    try {
      message = connector.decode(frame);
    } catch (error) {
      write(target(error instanceof DecodeError ? error.symbol : undefined, context.symbols), context.ns, frame);
      throw error;
    }
    write(target(symbolOf(message), context.symbols), context.ns, frame);
    return message;
  };

  const overrides: { -readonly [K in keyof Connector]?: Connector[K] } = { openStream, decode };
  if (connector.snapshots.kind === 'rest') {
    const rest = connector.snapshots;
    const snapshots: RestSnapshots = Object.assign(Object.create(rest) as RestSnapshots, {
      fetchSnapshot: async (symbol: string, signal: AbortSignal): Promise<SnapshotResponse> => {
        const response = await rest.fetchSnapshot(symbol, signal);
        const ns = clock();
        if (response.body !== undefined) writeOne(symbol, ns, response.body);
        else warn('snapshot', `${venue}: the connector does not keep snapshot bodies: snapshots are not recorded, a replay cannot rebuild its books`);
        return response;
      },
    });
    overrides.snapshots = snapshots;
  }
  return new Proxy(connector, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof Connector];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The symbol a decoded message names, if exactly one. */
function symbolOf(message: StreamMessage): string | undefined {
  if (message.type === 'depth' || message.type === 'snapshot') return message.symbol;
  if (message.type === 'rejected' && message.symbols.length === 1) return message.symbols[0];
  return undefined;
}
