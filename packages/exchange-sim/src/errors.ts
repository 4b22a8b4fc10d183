/** Why the simulator refused a call or an option. */
export type BinanceSimErrorReason =
  | 'non-loopback-host'
  | 'invalid-option'
  | 'unknown-symbol'
  | 'invalid-fault'
  | 'fault-not-supported'
  | 'not-replay-mode'
  | 'replay-mode'
  | 'bad-recording'
  | 'listen-failed'
  | 'closed';

/** Every error the simulator throws on purpose: a machine-readable `reason` plus a human message. */
export class BinanceSimError extends Error {
  constructor(
    readonly reason: BinanceSimErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BinanceSimError';
  }
}
