// Test-only: a deliberately naive Kraken book a test rebuilds by hand from v1 or v2 frames, trimmed to its depth as
// Kraken's docs tell clients, with its own checksum over node:zlib's CRC32. It shares nothing with the simulator.
import { crc32 } from 'node:zlib';

type V1Level = [string, string, string, ('r' | undefined)?];

/** A v2 book message with its numbers kept as their exact text (a double cannot hold 92233720368.54775807). */
export interface V2Book {
  type: string;
  data: { bids: { price: string; qty: string }[]; asks: { price: string; qty: string }[]; checksum: number }[];
}

/** A plain decimal's text written with exactly `decimals` decimals (it never has more). */
function fixed(text: string, decimals: number): string {
  const [whole = '', frac = ''] = text.split('.');
  return decimals === 0 ? whole : `${whole}.${frac.padEnd(decimals, '0')}`;
}

/** The book a client subscribed at `depth` holds: price text (at the pair's precision) to volume text. */
export class KrakenReplica {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();

  constructor(
    readonly depth: number,
    private readonly pairDecimals: number,
    private readonly lotDecimals: number,
  ) {}

  /** Applies a v1 book frame `[channelID, {...}(, {...}), name, pair]`; returns its checksum text, if it has one. */
  applyV1(frame: unknown[]): string | undefined {
    let checksum: string | undefined;
    for (const part of frame.slice(1, -2) as Record<string, V1Level[] | string>[]) {
      if (part.as || part.bs) {
        this.bids.clear();
        this.asks.clear();
      }
      for (const [price, volume] of (part.as ?? part.a ?? []) as V1Level[]) this.set(this.asks, price, volume);
      for (const [price, volume] of (part.bs ?? part.b ?? []) as V1Level[]) this.set(this.bids, price, volume);
      if (typeof part.c === 'string') checksum = part.c;
    }
    this.trim();
    return checksum;
  }

  /** Applies a v2 book message (numbers written back at the pair's precisions); returns its checksum. */
  applyV2(message: V2Book): number {
    const data = message.data[0];
    if (!data) throw new Error('no data');
    if (message.type === 'snapshot') {
      this.bids.clear();
      this.asks.clear();
    }
    for (const { price, qty } of data.asks) this.set(this.asks, fixed(price, this.pairDecimals), fixed(qty, this.lotDecimals));
    for (const { price, qty } of data.bids) this.set(this.bids, fixed(price, this.pairDecimals), fixed(qty, this.lotDecimals));
    this.trim();
    return data.checksum;
  }

  /** Both sides best first. */
  sorted(): { bids: [string, string][]; asks: [string, string][] } {
    return {
      bids: [...this.bids].sort((a, b) => Number(b[0]) - Number(a[0])),
      asks: [...this.asks].sort((a, b) => Number(a[0]) - Number(b[0])),
    };
  }

  /** Kraken's checksum: top 10 asks then top 10 bids, "." removed, leading zeros stripped, CRC32 unsigned. */
  checksum(): number {
    const { bids, asks } = this.sorted();
    const strip = (s: string) => s.replace('.', '').replace(/^0+/, '');
    const text = [...asks.slice(0, 10), ...bids.slice(0, 10)].map(([p, q]) => strip(p) + strip(q)).join('');
    return crc32(text);
  }

  private set(side: Map<string, string>, price: string, volume: string): void {
    if (Number(volume) === 0) side.delete(price);
    else side.set(price, volume);
  }

  /** Kraken sends no deletion for levels pushed out of the window: the client keeps only its depth. */
  private trim(): void {
    const { bids, asks } = this.sorted();
    for (const [price] of bids.slice(this.depth)) this.bids.delete(price);
    for (const [price] of asks.slice(this.depth)) this.asks.delete(price);
  }
}

/** v1 book frames (arrays) among a client's frames. */
export function v1BookFrames(frames: readonly string[]): unknown[][] {
  return frames.filter((f) => f.startsWith('[')).map((f) => JSON.parse(f) as unknown[]);
}

/** v2 book messages among a client's frames (broken frames skipped). */
export function v2BookMessages(frames: readonly string[]): V2Book[] {
  return frames.filter((f) => f.startsWith('{"channel":"book"')).flatMap((f) => {
    try {
      // Quote the numbers before parsing, so their digits survive exactly.
      return [JSON.parse(f.replace(/"(price|qty)":([0-9.]+)/g, '"$1":"$2"')) as V2Book];
    } catch {
      return [];
    }
  });
}
