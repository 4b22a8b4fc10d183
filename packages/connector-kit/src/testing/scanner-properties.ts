import type fc from 'fast-check';
import { expect, it } from '@jest/globals';
import { assertPathsAgree, assertScannerReads } from './scanner-agreement.js';
import { anyFrame } from './frame-generators.js';

/**
 * Registers a venue scanner's three property tests, named after `names` ([the venue's frames, its damaged frames],
 * e.g. ['OKX-shaped pushes', 'damaged pushes']). `scan` gives the scanner's answer in the decoder's terms, or
 * undefined where it steps aside; the connector's path is that, else the decoder.
 */
export function scannerPropertyTests(names: readonly [string, string], frames: fc.Arbitrary<string>, damagedFrames: fc.Arbitrary<string>, scan: (frame: string) => unknown, viaDecoder: (frame: string) => unknown): void {
  const viaScanner = (frame: string): unknown => scan(frame) ?? viaDecoder(frame);
  it(`equals the full decoder field for field on 10 000 ${names[0]}`, () => {
    assertScannerReads(frames, (frame) => scan(frame) !== undefined, viaScanner, viaDecoder);
  });

  it(`equals the full decoder on 10 000 ${names[1]}, and never throws itself`, () => {
    assertPathsAgree(damagedFrames, viaScanner, viaDecoder);
  });

  // Whatever the scanner reads in any text must be what the decoder reads; an undefined leaves it to the decoder.
  it('steps aside (undefined) or agrees on 10 000 frames of any text, never throwing', () => {
    assertPathsAgree(anyFrame, viaScanner, viaDecoder);
  });
}

/** Registers one test per case, `steps aside on <what>`: the scanner gives undefined for that frame, leaving it to the decoder. */
export function stepsAsideOn(scan: (frame: string) => unknown, cases: readonly (readonly [what: string, frame: string])[]): void {
  it.each(cases)('steps aside on %s', (_what, frame) => {
    expect(scan(frame)).toBeUndefined();
  });
}
