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

// Shared by the OKX and Kraken simulators.
export { VENUE_FAULT_KINDS, RANDOM_VENUE_FAULT_KINDS } from './market/venue-faults.js';
export type { VenueFault, VenueFaultKind, RandomVenueFaultOptions } from './market/venue-faults.js';
export type { VenueExchangeOptions } from './market/venue-exchange.js';
export type { VenueSimStats } from './market/wire-connection.js';

export { OkxSim } from './okx/okx-sim.js';
export type { OkxSimOptions, OkxInstrumentOptions, OkxTrueBook } from './okx/okx-sim.js';
export { OKX_SAMPLE_LISTINGS } from './okx/okx-listings.js';
export type { OkxListing, OkxInstType } from './okx/okx-listings.js';

export { KrakenSim } from './kraken/kraken-sim.js';
export type { KrakenSimOptions, KrakenPairOptions, KrakenTrueBook } from './kraken/kraken-sim.js';
export { KRAKEN_SAMPLE_LISTINGS } from './kraken/kraken-listings.js';
export type { KrakenListing } from './kraken/kraken-listings.js';

export { BYBIT_FAULT_KINDS } from './market/venue-faults.js';
export { BybitSim } from './bybit/bybit-sim.js';
export type { BybitSimOptions, BybitSymbolOptions, BybitTrueBook } from './bybit/bybit-sim.js';
export { BYBIT_SAMPLE_LISTINGS, BYBIT_CATEGORIES } from './bybit/bybit-listings.js';
export type { BybitListing, BybitCategory } from './bybit/bybit-listings.js';

export { CoinbaseSim } from './coinbase/coinbase-sim.js';
export type { CoinbaseSimOptions, CoinbaseProductOptions, CoinbaseTrueBook } from './coinbase/coinbase-sim.js';
export { COINBASE_SAMPLE_LISTINGS } from './coinbase/coinbase-listings.js';
export type { CoinbaseListing } from './coinbase/coinbase-listings.js';

// One replay engine for OKX, Kraken, Bybit and Coinbase recordings.
export { ReplaySim, listVenueRecordings } from './replay-sim.js';
export type { ReplaySimOptions, ReplayVenueName, VenueRecordingInfo } from './replay-sim.js';
export { REPLAY_FAULT_KINDS } from './market/replay-engine.js';
export type { CoinbaseReplayOptions } from './coinbase/coinbase-replay.js';
// The reader of every venue's `*.timeline.txt.gz` (lob's own recordings are checked against it).
export { readTimelineLines, type TimelineLine } from './market/timeline-file.js';
