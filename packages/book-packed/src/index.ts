export { PackedOrderBook, createPackedBook } from './packed-order-book.js';
export { PackedLevelIndex } from './packed-level-index.js';
export { SortedNumberChunks } from './sorted-number-chunks.js';
export { NumberHashTable } from './number-hash-table.js';
