export type { OkxBookMessage, OkxSubscriptionAck, OkxErrorEvent, OkxNotice, OkxPong, OkxControl, OkxMessage } from './okx-messages.js';
export { decodeOkxFrame, instIdHint, instIdInMessage } from './frame-decoder.js';
export { scanOkxBookFrame } from './frame-scanner.js';
export { okxChecksum, okxChecksumOfLevels, checksumInput, CHECKSUM_DEPTH } from './checksum.js';
export { classify, verify, type OkxContinuity } from './sequencing.js';
export { applyOkxBookMessage } from './okx-book.js';
export {
  OKX_VENUE,
  OKX_BOOK_CHANNELS,
  OKX_INST_ID_EXAMPLES,
  normalizeInstId,
  isOkxBookChannel,
  type OkxBookChannel,
  type OkxChannelSpec,
} from './okx-venue.js';
export { openOkxStream, type OkxStreamOptions, type OkxStreamConnection } from './stream-client.js';
export { subscribeRequests, type OkxSubscribeOp } from './subscribe-requests.js';
export { Keepalive, type KeepaliveOptions } from './keepalive.js';
export { fetchOkxInstruments, parseLiveInstruments, instrumentsPath, type OkxInstType, type OkxInstrumentsOptions } from './instruments-client.js';
export { okxAnswerError } from './rest-errors.js';
export { createOkxConnector, type OkxConnector, type OkxConnectorOptions } from './okx-connector.js';
export { resolveOkxOptions, type ResolvedOkxOptions } from './connector-options.js';
export { decodeOkxStreamMessage, toStreamMessage, SERVICE_UPGRADE_NOTICE } from './stream-messages.js';
export { okxSequencingRules } from './sequencing.js';
export { listOkxSymbols, optionFamilies, type SymbolListingOptions } from './symbol-listing.js';
