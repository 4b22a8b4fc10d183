import { LobError } from '@lob/core';

/** Why a test nats-server could not be started. */
export type NatsServerErrorReason = 'binary-missing' | 'exited' | 'not-ready';

/** A test nats-server could not be found, exited before it was ready, or did not become ready in time. */
export class NatsServerError extends LobError<NatsServerErrorReason> {}
