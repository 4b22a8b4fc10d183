export { PackedOrderBook, createPackedBook } from './packed-order-book.js';
export { PackedLevelIndex } from './packed-level-index.js';
