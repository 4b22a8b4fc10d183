export { ShardLeases, type ShardLeasesOptions, type ReleaseReason } from './shard-leases.js';
export { assignSymbols, type LiveInstance } from './assignment.js';
export { type ShardSymbol, symbolId, parseSymbolId, leaseKey, instanceKey, keyToken } from './shard-symbol.js';
export { inStaticShard, type StaticShard } from './static-shard.js';
export { DEFAULT_TTL_MS, DEFAULT_CHECK_INTERVAL_MS, checkIntervalFor, failoverBoundMs, fenceAfterMs, validateTiming, type LeaseTiming } from './timing.js';
export { ShardError, type ShardErrorReason } from './errors.js';
