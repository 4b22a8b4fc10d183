import { DecodeError, type Connector, type SnapshotResponse, type StreamListener, type StreamMessage } from '@lob/core';

/** A connector whose stream the test drives: frames `{"s":SYM,"u":N}` are updates, `{"ack":1}` control frames. */
export interface FakeConnector extends Connector {
  /** The listener of the last connection opened. */
  listener: StreamListener | undefined;
  /** Bodies fetchSnapshot answers with, by symbol. */
  readonly bodies: Map<string, string>;
}

/** A fake venue named `fake`, REST snapshots whose body is kept, frames decoded as described on FakeConnector. */
export function fakeConnector(): FakeConnector {
  const fake: FakeConnector = {
    exchange: 'fake',
    market: 'fake',
    maxSymbolsPerConnection: 10,
    rules: { kind: 'binance-spot' } as unknown as Connector['rules'],
    hasUpdateIds: true,
    depthWindow: { kind: 'exchange-maintained' },
    listener: undefined,
    bodies: new Map(),
    snapshots: {
      kind: 'rest',
      weightBudget: { limit: 100, windowMs: 1000 },
      snapshotWeight: 1,
      fetchSnapshot: (symbol: string): Promise<SnapshotResponse> => {
        const body = fake.bodies.get(symbol) ?? '{"lastUpdateId":1,"bids":[],"asks":[]}';
        const parsed = JSON.parse(body) as { lastUpdateId: number };
        return Promise.resolve({ snapshot: { lastUpdateId: parsed.lastUpdateId, bids: [], asks: [] }, body });
      },
      readSnapshotBody: (text: string) =>
        text.startsWith('{"lastUpdateId"') ? { lastUpdateId: (JSON.parse(text) as { lastUpdateId: number }).lastUpdateId, bids: [], asks: [] } : undefined,
    },
    normalizeSymbol: (s) => s.toUpperCase(),
    openStream(_symbols, listener) {
      fake.listener = listener;
      return { close: () => listener.onClose('closed') };
    },
    decode(frame: string): StreamMessage {
      let parsed: { s?: string; u?: number; ack?: number; bad?: string };
      try {
        parsed = JSON.parse(frame) as typeof parsed;
      } catch {
        throw new DecodeError('malformed-json', 'not JSON');
      }
      if (parsed.bad !== undefined) throw new DecodeError('malformed-frame', 'bad', parsed.bad);
      if (parsed.s === undefined) return { type: 'control' };
      const u = parsed.u ?? 0;
      return { type: 'depth', symbol: parsed.s, firstId: u, lastId: u, prevLastId: undefined, eventTime: 0, bids: [], asks: [] };
    },
  };
  return fake;
}
