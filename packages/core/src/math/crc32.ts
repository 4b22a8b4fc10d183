// Written out because `zlib.crc32` only arrived in Node 20.15 / 22.2 and lob supports every Node 20. Exchanges that
// guard their books with a checksum (OKX, Kraken, ...) all use this CRC: one table for every connector.
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309 / zlib, reflected polynomial 0xEDB88320) of an ASCII string, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = (TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The same CRC-32 as a signed 32-bit integer, as some exchanges write it (OKX). */
export function crc32Signed(text: string): number {
  return crc32(text) | 0;
}
