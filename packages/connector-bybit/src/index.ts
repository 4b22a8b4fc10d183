export type { BybitBookMessage, BybitReply, BybitPong, BybitOther, BybitMessage } from './bybit-messages.js';
export { decodeBybitFrame, topicSymbols, symbolHint } from './frame-decoder.js';
export { scanBybitBookFrame } from './frame-scanner.js';
export { classify, bybitSequencingRules } from './sequencing.js';
export {
  BYBIT_VENUE,
  BYBIT_CATEGORIES,
  BYBIT_SYMBOL_EXAMPLES,
  normalizeBybitSymbol,
  isBybitCategory,
  depthsOf,
  orderbookTopic,
  type BybitCategory,
  type BybitDepthSpec,
} from './bybit-venue.js';
export { openBybitStream, type BybitStreamOptions, type BybitStreamConnection } from './stream-client.js';
export { subscribeRequests, type BybitSubscribeOp } from './subscribe-requests.js';
export { Keepalive } from './keepalive.js';
export { RefusalRetry } from './refusal-retry.js';
export { listBybitSymbols, parseInstrumentsPage, instrumentsPath, type SymbolListingOptions, type InstrumentsPage } from './symbol-listing.js';
export { bybitAnswerError } from './rest-errors.js';
export { createBybitConnector, type BybitConnector, type BybitConnectorOptions, type BybitMarket } from './bybit-connector.js';
export { resolveBybitOptions, type ResolvedBybitOptions } from './connector-options.js';
export { decodeBybitStreamMessage, toStreamMessage } from './stream-messages.js';
