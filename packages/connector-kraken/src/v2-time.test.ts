import { FRAMES_PER_PROPERTY } from '@lob/connector-kit/testing';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { timestampMs } from './v2-time.js';

const two = (max: number) => fc.nat(max).map((n) => String(n).padStart(2, '0'));
// RFC 3339 texts around Kraken's shape: fields past their ranges (month 13, hour 24, second 60), any number of
// fraction digits, other zones; mostly few minutes, so the cached minute is hit and missed.
const stamp = fc
  .record({
    year: fc.oneof(fc.constantFrom('2023', '2024'), fc.nat(9999).map((n) => String(n).padStart(4, '0'))),
    month: fc.oneof(fc.constantFrom('10'), two(13)),
    day: fc.oneof(fc.constantFrom('06'), two(32)),
    hour: fc.oneof(fc.constantFrom('17'), two(25)),
    minute: fc.oneof(fc.constantFrom('35', '36'), two(61)),
    second: two(61),
    fraction: fc.oneof(fc.constant(''), fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 }).map((f) => `.${f}`)),
    zone: fc.oneof({ weight: 9, arbitrary: fc.constant('Z') }, { weight: 1, arbitrary: fc.constantFrom('z', '+00:00', '', 'ZZ') }),
  })
  .map((s) => `${s.year}-${s.month}-${s.day}T${s.hour}:${s.minute}:${s.second}${s.fraction}${s.zone}`);

describe('timestampMs', () => {
  it('equals Date.parse on runs of RFC 3339 texts, within a longer text', () => {
    fc.assert(
      fc.property(fc.array(stamp, { minLength: 1, maxLength: 20 }), (stamps) => {
        for (const text of stamps) {
          const framed = `"timestamp":"${text}"}`;
          expect(timestampMs(framed, 13, 13 + text.length)).toBe(Date.parse(text));
        }
      }),
      { numRuns: FRAMES_PER_PROPERTY / 10 },
    );
  });

  it.each(['2023-10-06T17:35:55.440295Z', '2023-10-06T17:35:55Z', '2023-10-06T17:35:55.Z', '2023-02-30T17:35:55.1Z', '2023-01-01T24:00:00Z', '2023-01-01T24:00:01Z', '2023-01-01T23:59:60Z', '2023-01-01T17:00:00.0001000000Z', '2023-13-01T00:00:00Z', '0000-01-01T00:00:00Z'])(
    'equals Date.parse on %s',
    (text) => {
      expect(timestampMs(text, 0, text.length)).toBe(Date.parse(text));
    },
  );
});
