import type { KrakenMessage, KrakenProtocol } from './kraken-message.js';
import { scanV1BookFrame } from './frame-scanner.js';
import { decodeV1Frame } from './v1-decoder.js';
import { decodeV2Frame } from './v2-decoder.js';
import { scanV2BookFrame } from './v2-frame-scanner.js';

/** Decodes one v1 frame the connector's way: book arrays in Kraken's usual shape take the one-pass scanner, the rest decodeV1Frame. */
export function scanOrDecodeV1Frame(frame: string): KrakenMessage {
  return scanV1BookFrame(frame) ?? decodeV1Frame(frame);
}

/** Decodes one v2 frame the connector's way: book messages in Kraken's usual shape take the one-pass scanner, the rest decodeV2Frame. */
export function scanOrDecodeV2Frame(frame: string): KrakenMessage {
  return scanV2BookFrame(frame) ?? decodeV2Frame(frame);
}

/** The decoding the connector runs on every frame of `protocol`: the same messages as its full decoder, sooner where it can. */
export function frameDecoderFor(protocol: KrakenProtocol): (frame: string) => KrakenMessage {
  return protocol === 'v2' ? scanOrDecodeV2Frame : scanOrDecodeV1Frame;
}
