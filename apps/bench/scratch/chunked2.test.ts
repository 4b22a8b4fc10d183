import { SortedOrderBook } from '@lob/core';
import { describeOrderBookConformance } from '@lob/core/testing';
import { Chunked2LevelIndex } from './chunked2-index.js';
describeOrderBookConformance('Chunked2', () => new SortedOrderBook(() => new Chunked2LevelIndex()), { propertyRuns: 1000 });
