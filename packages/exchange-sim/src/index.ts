export { BinanceSim } from './sim.js';
export { BinanceSimError, type BinanceSimErrorReason } from './errors.js';
export { recordingsDir, listRecordings } from './recordings.js';
export { FAULT_KINDS } from './faults.js';
export { SAMPLE_LISTINGS } from './listed-symbols.js';
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
} from './types.js';
