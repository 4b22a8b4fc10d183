/** A static shard: this instance is `index` (1-based) of `count`. */
export interface StaticShard {
  readonly index: number;
  readonly count: number;
}

/** FNV-1a, 32 bits: a stable hash (the same in every version of Node and on every machine). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Whether static shard `index`/`count` (1-based) keeps a venue's symbol: FNV-1a of `venue/symbol` mod count + 1. */
export function inStaticShard(shard: StaticShard, venue: string, symbol: string): boolean {
  return (fnv1a(`${venue}/${symbol}`) % shard.count) + 1 === shard.index;
}
