// Test-only: a deliberately naive OKX book a test rebuilds by hand, with its own checksum (node:zlib's CRC32),
// sharing nothing with the simulator's code.
import { crc32 } from 'node:zlib';

/** One push of the books channels, as the tests read it. */
export interface OkxPush {
  arg: { channel: string; instId: string };
  action: 'snapshot' | 'update';
  data: { asks: string[][]; bids: string[][]; ts: string; checksum: number; prevSeqId: number; seqId: number }[];
}

/** The book a client holds: price text to size text per side. */
export class OkxReplica {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  seqId = -1;

  /** Applies a snapshot (starting over) or an update; size "0" deletes. */
  apply(push: OkxPush): void {
    const data = push.data[0];
    if (!data) throw new Error('push without data');
    if (push.action === 'snapshot') {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [price, size] of data.bids) this.set(this.bids, price as string, size as string);
    for (const [price, size] of data.asks) this.set(this.asks, price as string, size as string);
    this.seqId = data.seqId;
  }

  /** Both sides best first. */
  sorted(): { bids: [string, string][]; asks: [string, string][] } {
    return {
      bids: [...this.bids].sort((a, b) => Number(b[0]) - Number(a[0])),
      asks: [...this.asks].sort((a, b) => Number(a[0]) - Number(b[0])),
    };
  }

  /** OKX's checksum of this book: CRC32 of bid:size:ask:size... over 25 levels, signed. */
  checksum(): number {
    const { bids, asks } = this.sorted();
    const parts: string[] = [];
    for (let i = 0; i < 25; i++) {
      if (bids[i]) parts.push(...(bids[i] as [string, string]));
      if (asks[i]) parts.push(...(asks[i] as [string, string]));
    }
    return crc32(parts.join(':')) | 0;
  }

  private set(side: Map<string, string>, price: string, size: string): void {
    if (size === '0') side.delete(price);
    else side.set(price, size);
  }
}

/** The book pushes among a client's frames (skips events, pongs and broken frames). */
export function okxPushes(frames: readonly string[], instId?: string): OkxPush[] {
  const out: OkxPush[] = [];
  for (const frame of frames) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(frame);
    } catch {
      continue;
    }
    const push = parsed as Partial<OkxPush>;
    if (push.action && push.arg && (instId === undefined || push.arg.instId === instId)) out.push(push as OkxPush);
  }
  return out;
}
