import { describeOrderBookConformance } from '@lob/core/testing';
import { createBTreeBook } from './index.js';

describeOrderBookConformance('BTreeOrderBook', createBTreeBook, { propertyRuns: 1000 });
