export type { OkxBookMessage, OkxSubscriptionAck, OkxErrorEvent, OkxNotice, OkxPong, OkxControl, OkxMessage } from './okx-messages.js';
export { decodeOkxFrame, instIdHint, instIdInMessage } from './frame-decoder.js';
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
