/** Base of every error lob throws on purpose: a machine-readable `reason` plus a human message. */
export class LobError<R extends string = string> extends Error {
  constructor(
    readonly reason: R,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Why a book refused an input. */
export type BookErrorReason = 'invalid-price' | 'unrepresentable-price' | 'invalid-quantity' | 'invalid-argument';
/** A book was handed something that is not an exchange decimal or a valid argument. */
export class BookError extends LobError<BookErrorReason> {}

/** Why a frame from an exchange could not be decoded. */
export type DecodeErrorReason = 'malformed-json' | 'malformed-frame' | 'unknown-symbol';
/**
 * A frame from an exchange could not be turned into an update; `symbol` is set when the frame names one, and
 * `connectionSeq` when the frame still carries the connection-wide message number of a venue that numbers them
 * (Coinbase), so the number is not taken for a lost message.
 */
export class DecodeError extends LobError<DecodeErrorReason> {
  readonly connectionSeq: number | undefined;

  constructor(
    reason: DecodeErrorReason,
    message: string,
    readonly symbol?: string,
    options?: { cause?: unknown; connectionSeq?: number },
  ) {
    super(reason, message, options);
    this.connectionSeq = options?.connectionSeq;
  }
}

/** Why a snapshot request failed. */
export type SnapshotErrorReason =
  | 'rate-limited'
  | 'banned'
  | 'server-error'
  | 'client-error'
  | 'timeout'
  | 'network'
  | 'malformed-body'
  | 'unknown-symbol'
  | 'aborted';
/** A snapshot could not be fetched; `retryAfterMs` is set when the exchange told us how long to wait. */
export class SnapshotError extends LobError<SnapshotErrorReason> {
  constructor(
    reason: SnapshotErrorReason,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(reason, message, options);
  }
}

/** Why configuration was rejected. */
export type ConfigErrorReason = 'syntax' | 'invalid-value' | 'unknown-key' | 'missing-key' | 'unreadable';
/** A configuration file or flag is wrong; the message names file, key and line where known. */
export class ConfigError extends LobError<ConfigErrorReason> {
  constructor(
    reason: ConfigErrorReason,
    message: string,
    readonly location: { file?: string; key?: string; line?: number; column?: number } = {},
  ) {
    super(reason, message);
  }
}
