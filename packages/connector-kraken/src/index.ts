export { createKrakenConnector, type KrakenConnector, type KrakenConnectorOptions } from './kraken-connector.js';
export { krakenRules, type PrecisionOf } from './kraken-rules.js';
export { toStreamMessage } from './stream-message.js';
export { subscriptionRefusal, type SubscriptionRefusal } from './subscription-refusal.js';
export { AssetPairsCache } from './asset-pairs-cache.js';
export type { KrakenBookMessage, KrakenControl, KrakenMessage, KrakenProtocol, KrakenSubscriptionStatus } from './kraken-message.js';
export {
  KRAKEN_SPOT,
  KRAKEN_BOOK_DEPTHS,
  isKrakenBookDepth,
  protocolOfUrl,
  subscribeRequest,
  unsubscribeRequest,
  resyncRequests,
  pingRequest,
  type KrakenBookDepth,
} from './kraken-venue.js';
export { normalizePair, wirePair, pairFromWire } from './pairs.js';
export { decodeV1Frame, v1PairHint } from './v1-decoder.js';
export { decodeV2Frame, v2PairHint } from './v2-decoder.js';
export { scanV1BookFrame } from './frame-scanner.js';
export { scanV2BookFrame } from './v2-frame-scanner.js';
export { frameDecoderFor, scanOrDecodeV1Frame, scanOrDecodeV2Frame } from './frame-decode.js';
export { bookChecksum, orderBookChecksum, atPrecision, checksumField, CHECKSUM_LEVELS, type PairPrecision } from './checksum.js';
export { trimToDepth } from '@lob/core';
export { applyBookMessage, type ApplyOutcome } from './book-applier.js';
export { plainDecimalFromNumberText, withFractionDigits, isPlainDecimal } from './decimal-text.js';
export { openKrakenStream, type KrakenStreamOptions, type KrakenStreamConnection } from './stream-client.js';
export { readControlFrame, type ControlFrame, type RequestAnswer } from './control-frame.js';
export { ResyncSequencer, type SendBookRequest } from './resync-sequencer.js';
export { fetchAssetPairs, parseAssetPairs, type AssetPairsClientOptions, type KrakenAssetPairs } from './asset-pairs-client.js';

import type { KrakenMessage, KrakenProtocol } from './kraken-message.js';
import { decodeV1Frame } from './v1-decoder.js';
import { decodeV2Frame } from './v2-decoder.js';
/** The decoder of a protocol (pick the protocol with protocolOfUrl). */
export function decoderFor(protocol: KrakenProtocol): (frame: string) => KrakenMessage {
  return protocol === 'v2' ? decodeV2Frame : decodeV1Frame;
}
