/** One book a shard can hold: a venue and its symbol, as the venue spells it. */
export interface ShardSymbol {
  readonly venue: string;
  readonly symbol: string;
}

/** `venue/symbol`: the name a symbol goes by in assignments and lease values. */
export function symbolId(s: ShardSymbol): string {
  return `${s.venue}/${s.symbol}`;
}

/** The ShardSymbol a `venue/symbol` id names (the venue has no `/`; the symbol may, e.g. Kraken's `XBT/USD`). */
export function parseSymbolId(id: string): ShardSymbol {
  const slash = id.indexOf('/');
  return { venue: id.slice(0, slash), symbol: id.slice(slash + 1) };
}

/**
 * One key token for a name: letters, digits, `_` and `-` kept, anything else (`.` splits tokens, `/` in Kraken's
 * symbols) written `=` + its hex code, so every venue and symbol maps to a distinct, valid key.
 */
export function keyToken(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, (c) => `=${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The key of a symbol's lease: `leases.<venue>.<symbol>`. */
export function leaseKey(s: ShardSymbol): string {
  return `leases.${keyToken(s.venue)}.${keyToken(s.symbol)}`;
}

/** The key an instance heartbeats: `instances.<id>`. */
export function instanceKey(instanceId: string): string {
  return `instances.${keyToken(instanceId)}`;
}
