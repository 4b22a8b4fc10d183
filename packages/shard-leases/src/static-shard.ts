import { ShardError } from './errors.js';

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

/** `i/n` (1 <= i <= n) as a StaticShard; throws a ShardError saying what is wrong otherwise. */
export function parseStaticShard(text: string): StaticShard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1) || !(index >= 1 && index <= count)) {
    throw new ShardError('bad-options', `shard "${text}" is not i/n with 1 <= i <= n (e.g. 1/3, 2/3, 3/3)`);
  }
  return { index, count };
}
