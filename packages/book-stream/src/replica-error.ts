import { LobError } from '@lob/core';

/** Why a replica dropped its copy: a change missing from the stream, or a message it cannot read. */
export type ReplicaFault = 'gap' | 'protocol';

/** A copy that can no longer be proven equal to lob's book; a new snapshot makes it whole again. */
export class ReplicaError extends LobError<ReplicaFault> {}
