import { LobError } from '@lob/core';

/** Why sharding could not start or was configured wrongly. */
export type ShardErrorReason = 'bad-options' | 'nats-unreachable' | 'bucket-unavailable';

/** Shard leases could not start: options out of range, NATS not reachable, or the key-value bucket not usable. */
export class ShardError extends LobError<ShardErrorReason> {}
