import { readFileSync } from 'node:fs';
import { createChunkedBook } from '@lob/book-chunked';
import type { Level } from '@lob/core';
import { describe, expect, it } from '@jest/globals';
import { classify, verify, type OkxContinuity } from './sequencing.js';

interface ClassifyCase {
  case: string;
  previousSeqId: number | null;
  kind: 'snapshot' | 'update';
  seqId?: number;
  prevSeqId?: number;
  expect: OkxContinuity;
}
interface VerifyCase {
  case: string;
  bids: Level[];
  asks: Level[];
  checksum: number;
  expect: boolean;
}

const cases = JSON.parse(readFileSync(new URL('../fixtures/sequencing-cases.json', import.meta.url), 'utf8')) as { classify: ClassifyCase[]; verify: VerifyCase[] };

describe('classify: OKX seqId/prevSeqId continuity', () => {
  it.each(cases.classify.map((c) => [c.case, c] as const))('%s', (_label, c) => {
    expect(classify(c.previousSeqId ?? undefined, { kind: c.kind, seqId: c.seqId, prevSeqId: c.prevSeqId })).toBe(c.expect);
  });
});

describe('verify: the held book against the message checksum', () => {
  it.each(cases.verify.map((c) => [c.case, c] as const))('%s', (_label, c) => {
    const book = createChunkedBook();
    book.reset(c.bids, c.asks);
    expect(verify(book, { checksum: c.checksum })).toBe(c.expect);
  });
});
