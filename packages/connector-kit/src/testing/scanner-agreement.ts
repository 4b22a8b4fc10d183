import { isDeepStrictEqual } from 'node:util';
import { DecodeError } from '@lob/core';
import fc from 'fast-check';
import { expect } from '@jest/globals';

/** Frames per property: enough to reach the rare shapes (odd numbers, escapes) every run. */
export const FRAMES_PER_PROPERTY = 10_000;

/** A DecodeError in terms a test can compare: its reason, symbol and connection number. */
export interface DecodeFailure {
  readonly error: string;
  readonly symbol: string | undefined;
  readonly seq: number | undefined;
}

/** What a decoder makes of a frame: its message, or its DecodeError as a DecodeFailure (anything else is thrown). */
export function decoderOutcome<T>(decode: () => T): T | DecodeFailure {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { error: error.reason, symbol: error.symbol, seq: error.connectionSeq };
  }
}

/**
 * Asserts on FRAMES_PER_PROPERTY frames that the connector's path (scanner, else decoder) gives what the decoder
 * alone gives, and that the scanner read more than a quarter of them itself: the property is about its own answers.
 */
export function assertScannerReads(frames: fc.Arbitrary<string>, scans: (frame: string) => boolean, viaScanner: (frame: string) => unknown, viaDecoder: (frame: string) => unknown): void {
  let scanned = 0;
  fc.assert(
    fc.property(frames, (frame) => {
      if (scans(frame)) scanned++;
      expect(viaScanner(frame)).toStrictEqual(viaDecoder(frame));
    }),
    { numRuns: FRAMES_PER_PROPERTY },
  );
  expect(scanned).toBeGreaterThan(FRAMES_PER_PROPERTY / 4);
}

/** Asserts on FRAMES_PER_PROPERTY frames that the connector's path gives what the decoder alone gives. */
export function assertPathsAgree(frames: fc.Arbitrary<string>, viaScanner: (frame: string) => unknown, viaDecoder: (frame: string) => unknown): void {
  fc.assert(
    fc.property(frames, (frame) => {
      expect(viaScanner(frame)).toStrictEqual(viaDecoder(frame));
    }),
    { numRuns: FRAMES_PER_PROPERTY },
  );
}

/**
 * Asserts that the scanner reads every book frame of a recording itself (`scan` gives its message in the decoder's
 * terms, or undefined), each equal to the decoder's, and that there are some.
 */
export function assertReadsRecording<D>(frames: Iterable<string>, scan: (frame: string) => unknown, viaDecoder: (frame: string) => D, isBook: (decoded: D) => boolean): void {
  let books = 0;
  let scanned = 0;
  const unequal: string[] = [];
  for (const frame of frames) {
    const decoded = viaDecoder(frame);
    if (isBook(decoded)) books++;
    const fast = scan(frame);
    if (fast === undefined) continue;
    scanned++;
    // isDeepStrictEqual rather than expect per frame: a session has up to 100 000 frames.
    if (!isDeepStrictEqual(fast, decoded)) unequal.push(frame.slice(0, 200));
  }
  expect(unequal).toEqual([]);
  expect(books).toBeGreaterThan(0);
  expect(scanned).toBe(books);
}

/** Asserts on FRAMES_PER_PROPERTY frames that the scanner either steps aside (undefined) or gives what `decode` gives. */
export function assertStepsAsideOrAgrees(frames: fc.Arbitrary<string>, scan: (frame: string) => unknown, decode: (frame: string) => unknown): void {
  fc.assert(
    fc.property(frames, (frame) => {
      const scanned = scan(frame);
      if (scanned !== undefined) expect(scanned).toStrictEqual(decode(frame));
    }),
    { numRuns: FRAMES_PER_PROPERTY },
  );
}
