// The venues' checksums are the IEEE CRC-32 that zlib computes. Written here rather than taken from a connector
// (the simulator must not share integrity code with the clients it tests) or from node:zlib (crc32 needs Node 20.15).

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE, as zlib) of a string's UTF-8 bytes, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  let c = -1;
  for (const byte of Buffer.from(text, 'utf8')) c = (TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
