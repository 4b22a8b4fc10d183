/**
 * How this instance shares the configured symbols with others: `auto` through leases in NATS (needs `--publish`),
 * or `i/n` (1 <= i <= n), a fixed share: the symbols whose stable hash of `venue/symbol` mod n is i - 1.
 */
export type ShardSpec = { readonly kind: 'auto' } | { readonly kind: 'static'; readonly index: number; readonly count: number };

/** Reads `auto` or `i/n`; the error says what is wrong in the user's terms. */
export function parseShardSpec(text: string): { readonly shard: ShardSpec } | { readonly error: string } {
  const value = text.trim().toLowerCase();
  if (value === 'auto') return { shard: { kind: 'auto' } };
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (match === null) return { error: `${JSON.stringify(text)} is neither auto nor i/n (e.g. 1/3: the first of three shares)` };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 1000) return { error: `${JSON.stringify(text)}: n must be from 1 to 1000` };
  if (index < 1 || index > count) return { error: `${JSON.stringify(text)}: i counts from 1 to n (${count})` };
  return { shard: { kind: 'static', index, count } };
}
