/** Why the simulator refused a call or an option. */
export type ExchangeSimErrorReason =
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
export class ExchangeSimError extends Error {
  constructor(
    readonly reason: ExchangeSimErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ExchangeSimError';
  }
}

/** The name the error had when the simulator spoke only Binance (the same class). */
export const BinanceSimError = ExchangeSimError;
/** The name the error had when the simulator spoke only Binance (the same class). */
export type BinanceSimError = ExchangeSimError;
/** Why the simulator refused a call or an option (older name). */
export type BinanceSimErrorReason = ExchangeSimErrorReason;
