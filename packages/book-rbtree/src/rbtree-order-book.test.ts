import { describeOrderBookConformance } from '@lob/core/testing';
import { createRBTreeBook } from './index.js';

describeOrderBookConformance('RBTreeOrderBook', createRBTreeBook, { propertyRuns: 1000 });
