export { BinanceSim } from './binance/binance-sim.js';
export { ExchangeSimError, BinanceSimError, type ExchangeSimErrorReason, type BinanceSimErrorReason } from './market/errors.js';
export { recordingsDir, listRecordings } from './binance/recordings.js';
export { FAULT_KINDS } from './binance/faults.js';
export { SAMPLE_LISTINGS } from './binance/listed-symbols.js';
export type {
  SimMarket,
  SimSymbolOptions,
  FaultKind,
  Fault,
  RandomFaultOptions,
  BinanceSimOptions,
  TrueBook,
  BinanceSimStats,
  RecordingInfo,
} from './binance/types.js';
