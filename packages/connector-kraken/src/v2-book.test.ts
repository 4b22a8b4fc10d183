import { readFileSync } from 'node:fs';
import { createChunkedBook } from '@lob/book-chunked';
import { describe, expect, it } from '@jest/globals';
import type { StreamMessage } from '@lob/core';
import { applyMessage } from './book-replay.test-support.js';
import { atPrecision, bookChecksum, checksumField, orderBookChecksum, type PairPrecision } from './checksum.js';
import { krakenRules } from './kraken-rules.js';
import { toStreamMessage } from './stream-message.js';
import { decodeV1Frame } from './v1-decoder.js';
import { decodeV2Frame } from './v2-decoder.js';

interface V2Fixture {
  pair: string;
  depth: number;
  precision: PairPrecision;
  v1: string[];
  v2: { frame: string; checksum: number }[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/v2/btc-chf-book.json', import.meta.url), 'utf8')) as V2Fixture;
const message = (frame: string, decode: typeof decodeV1Frame): StreamMessage => toStreamMessage(decode(frame));
const snapshotOf = (frame: string) => message(frame, decodeV2Frame) as Extract<StreamMessage, { type: 'snapshot' }>;
// The connector's rules, with the fixture's precisions as AssetPairs would give them (or none known).
const v2Rules = krakenRules('v2', () => fixture.precision);
const v2RulesWithoutPrecision = krakenRules('v2', () => undefined);
const v1Rules = krakenRules('v1', () => undefined);

describe('v2 book frames of a real Kraken book', () => {
  it('decode with the exact digits Kraken sent, no float round trip', () => {
    const snapshot = snapshotOf(fixture.v2[0]!.frame);
    expect(snapshot.type).toBe('snapshot');
    expect(snapshot.symbol).toBe('BTC/CHF');
    expect(snapshot.asks[0]).toEqual(['56218.3', '0.15']);
    expect(snapshot.checksum).toBe(fixture.v2[0]!.checksum);
  });

  it('give Kraken\'s checksum after every message, equal to the same book built from v1', () => {
    const v2Book = createChunkedBook();
    const v1Book = createChunkedBook();
    fixture.v2.forEach(({ frame, checksum }, i) => {
      const v2 = applyMessage(v2Book, message(frame, decodeV2Frame), fixture.depth, v2Rules)!;
      const v1 = applyMessage(v1Book, message(fixture.v1[i]!, decodeV1Frame), fixture.depth, v1Rules)!;
      expect({ i, computed: orderBookChecksum(v2Book, fixture.precision), matched: v2.matched }).toEqual({ i, computed: checksum, matched: true });
      expect(orderBookChecksum(v1Book)).toBe(checksum);
      expect(v1.matched).toBe(true);
    });
    // The held books are one book: v2's numbers at v1's precision are v1's strings.
    expect(atPrecision([...v2Book.levels('ask')], fixture.precision)).toEqual([...v1Book.levels('ask')]);
    expect(atPrecision([...v2Book.levels('bid')], fixture.precision)).toEqual([...v1Book.levels('bid')]);
    expect(v2Book.size('ask')).toBe(fixture.depth);
  });

  it('fail the checksum without the pair\'s precisions (v2 numbers drop trailing zeros)', () => {
    const v2Book = createChunkedBook();
    expect(applyMessage(v2Book, message(fixture.v2[0]!.frame, decodeV2Frame), fixture.depth, v2Rules)!.matched).toBe(true);
    expect(v2RulesWithoutPrecision.verify!(v2Book, snapshotOf(fixture.v2[0]!.frame))).toBe(false);
    // Written as held, without the precisions, the checksum is another number.
    expect(orderBookChecksum(v2Book)).not.toBe(fixture.v2[0]!.checksum);
  });

  it('fail the checksum when a level is corrupted', () => {
    const v2Book = createChunkedBook();
    const corrupted = fixture.v2[0]!.frame.replace('"qty":0.15}', '"qty":0.16}');
    expect(corrupted).not.toBe(fixture.v2[0]!.frame);
    expect(applyMessage(v2Book, message(corrupted, decodeV2Frame), fixture.depth, v2Rules)!.matched).toBe(false);
  });
});

describe('the checksum rule', () => {
  it('formats fields as Kraken\'s v2 guide shows: "45285.2" → "452852", "0.00100000" → "100000"', () => {
    const [level] = atPrecision([['45285.2', '0.001']], { priceDecimals: 1, lotDecimals: 8 });
    expect(level).toEqual(['45285.2', '0.00100000']);
    expect(checksumField(level![0]) + checksumField(level![1])).toBe('452852100000');
  });

  it('refuses a precision that would drop digits rather than round', () => {
    expect(() => atPrecision([['45285.25', '1']], { priceDecimals: 1, lotDecimals: 8 })).toThrow(RangeError);
  });

  it('is the unsigned CRC32 of asks then bids, top 10 each', () => {
    // binascii.crc32(b"1234") == 2615402659, crc32 of "" is 0
    expect(bookChecksum([['1', '2']], [['3', '4']])).toBe(2615402659);
    expect(bookChecksum([], [])).toBe(0);
    const many = Array.from({ length: 12 }, (_, i) => [`${i + 1}`, '1'] as const);
    expect(bookChecksum(many, [])).toBe(bookChecksum(many.slice(0, 10), []));
  });
});
