import { SortedOrderBook } from '@lob/core';
import { describeOrderBookConformance } from '@lob/core/testing';
import { ChunkedLevelIndex } from './chunked-index.js';
describeOrderBookConformance('Chunked', () => new SortedOrderBook(() => new ChunkedLevelIndex()), { propertyRuns: 1000 });
