export { ReferenceOrderBook } from './reference-order-book.js';
export { describeOrderBookConformance, type ConformanceOptions } from './order-book-conformance.js';
export { levelArbitrary, priceArbitrary, quantityArbitrary } from './book-arbitraries.js';
export { prng } from './seeded-random.js';
