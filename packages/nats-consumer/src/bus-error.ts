import { LobError } from '@lob/core';

/** What went wrong between lob and NATS: no such server, no stream or bucket yet, a message that cannot be read. */
export type BusFault = 'unreachable' | 'not-ready' | 'unreadable';

/** A fault of the NATS bus (the books themselves are unharmed by it). */
export class BusError extends LobError<BusFault> {}
