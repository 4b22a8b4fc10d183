// node:zlib's crc32 arrived only in Node 20.15 / 22.2, and lob supports every Node 20: so the table is ours.
const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib) of an ASCII string, as a signed 32-bit integer (how OKX writes checksums). */
export function crc32Signed(text: string): number {
  let crc = -1;
  for (let i = 0; i < text.length; i++) crc = (TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc | 0;
}
