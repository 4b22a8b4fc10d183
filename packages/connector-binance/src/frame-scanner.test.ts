import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { StreamMessage } from '@lob/core';
import { listRecordings } from '@lob/exchange-sim';
import { anyFrame, assertReadsRecording, assertScannerReads, codesChecked, damaged, decimal, decoderOutcome, exactDecimal, FRAMES_PER_PROPERTY, rowList, stepsAsideOn, uncoded, type DecodeFailure } from '@lob/connector-kit/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { decodeFrame } from './frame-decoder.js';
import { scanDepthFrame } from './frame-scanner.js';

/** What the full decoder makes of a frame: its message, or its DecodeError's reason and symbol. */
const viaDecoder = (frame: string, requirePrevId: boolean): StreamMessage | DecodeFailure => decoderOutcome(() => decodeFrame(frame, requirePrevId));

/** Which way the scanner gives levels in the describe block running: strings at once, or numbers (strings when read). */
let spelledMode = false;

/** The scanner's answer in the decoder's terms, its levels' codes (and spellings) checked against what the book would make of them. */
const scan = (frame: string, requirePrevId: boolean): StreamMessage | undefined => uncoded(scanDepthFrame(frame, requirePrevId, spelledMode));

/** The connector's path (scanner, else the full decoder), in the same terms. */
const viaScanner = (frame: string, requirePrevId: boolean): StreamMessage | DecodeFailure => scan(frame, requirePrevId) ?? viaDecoder(frame, requirePrevId);

// Raw JSON number texts: mostly ids Binance could send, sometimes what the scanner must hand to the decoder.
const oddNumber = fc.oneof(
  fc.bigInt({ min: 2n ** 53n - 3n, max: 10n ** 17n }).map(String),
  fc.constantFrom('-1', '1.5', '1e3', '01', '00', '"7"', 'null', '-0', '9007199254740993', '12345678901234567'),
);
const rawNumber = fc.oneof({ weight: 19, arbitrary: fc.oneof(fc.maxSafeNat(), fc.nat(1000)).map(String) }, { weight: 1, arbitrary: oddNumber });
// U and u: mostly a valid pair (U <= u, both safe), sometimes any two number texts.
const ids = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(fc.maxSafeNat(), fc.nat(1_000_000)).map(([u, d]) => [String(Math.max(0, u - d)), String(u)] as const) },
  { weight: 1, arbitrary: fc.tuple(rawNumber, rawNumber) },
);
// Any text: JSON.stringify escapes what must be escaped, and the scanner must step aside for those.
const anyText = fc.oneof(decimal, fc.string(), fc.string({ unit: 'binary' }));
const symbol = fc.oneof({ weight: 9, arbitrary: fc.constantFrom('BTCUSDT', 'BNBBTC', 'BCHUSD_210924', 'ETHUSD_PERP') }, { weight: 1, arbitrary: fc.string() });
const pair = (t: fc.Arbitrary<string>) => fc.tuple(t, t).map(([p, q]) => `[${JSON.stringify(p)},${JSON.stringify(q)}]`);
const oddLevel = fc.oneof(pair(anyText), fc.constantFrom('["1"]', '["1","2","3"]', '[1,"2"]', '["1",2]', '{}', '"1"', '[]', 'null'));
// Level lists: mostly Binance's decimal pairs (keyed exactly, so the scanner codes them; the wider ones it leaves to the book), sometimes with odd levels mixed in.
const levels = rowList(pair(fc.oneof({ weight: 3, arbitrary: exactDecimal }, { weight: 1, arbitrary: decimal })), oddLevel);

/** A depth event written the way Binance writes one (field order, no whitespace), combined or bare. */
const depthFrame = fc
  .record({
    combined: fc.boolean(),
    stream: fc.oneof(fc.constant('btcusdt@depth@100ms'), fc.string()),
    E: rawNumber,
    T: fc.option(rawNumber),
    s: symbol,
    ps: fc.option(fc.constantFrom('BTCUSD', 'BCHUSD')),
    ids,
    pu: fc.option(rawNumber),
    b: levels,
    a: levels,
  })
  .map((f) => {
    const data =
      `{"e":"depthUpdate","E":${f.E}` +
      (f.T === null ? '' : `,"T":${f.T}`) +
      `,"s":${JSON.stringify(f.s)}` +
      (f.ps === null ? '' : `,"ps":${JSON.stringify(f.ps)}`) +
      `,"U":${f.ids[0]},"u":${f.ids[1]}` +
      (f.pu === null ? '' : `,"pu":${f.pu}`) +
      `,"b":${f.b},"a":${f.a}}`;
    return f.combined ? `{"stream":${JSON.stringify(f.stream)},"data":${data}}` : data;
  });

// Damaged the shared ways, plus a field Binance does not send and U and u swapped.
const damagedFrame = damaged(depthFrame, {
  extraField: (frame) => frame.replace('"s":', '"x":1,"s":'),
  swap: (frame) => frame.replace(/"U":(\w+),"u":(\w+)/, '"u":$2,"U":$1'),
});

describe.each([false, true])('scanDepthFrame (levels as numbers only: %s)', (spelled) => {
  beforeAll(() => {
    spelledMode = spelled;
  });

  it.each([false, true])('equals the full decoder field for field on 10 000 Binance-shaped frames (requirePrevId %s)', (requirePrevId) => {
    assertScannerReads(
      depthFrame,
      (frame) => scanDepthFrame(frame, requirePrevId) !== undefined,
      (frame) => viaScanner(frame, requirePrevId),
      (frame) => viaDecoder(frame, requirePrevId),
    );
  });

  it('equals the full decoder on 10 000 damaged frames, and never throws itself', () => {
    fc.assert(
      fc.property(damagedFrame, fc.boolean(), (frame, requirePrevId) => {
        expect(viaScanner(frame, requirePrevId)).toStrictEqual(viaDecoder(frame, requirePrevId));
      }),
      { numRuns: FRAMES_PER_PROPERTY },
    );
  });

  it('steps aside (undefined) on 10 000 frames of any text, never throwing', () => {
    fc.assert(
      fc.property(anyFrame, fc.boolean(), (frame, requirePrevId) => {
        const scanned = scan(frame, requirePrevId);
        if (scanned !== undefined) expect(scanned).toStrictEqual(decodeFrame(frame, requirePrevId));
      }),
      { numRuns: FRAMES_PER_PROPERTY },
    );
  });

  it('reads a Binance frame itself rather than stepping aside', () => {
    const spot = '{"stream":"bnbbtc@depth@100ms","data":{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":157,"u":160,"b":[["0.0024","10"]],"a":[]}}';
    const coinm = '{"e":"depthUpdate","E":1,"T":2,"s":"BCHUSD_210924","ps":"BCHUSD","U":5,"u":9,"pu":4,"b":[],"a":[["429.73","0"]]}';
    expect(scan(spot, false)).toStrictEqual(decodeFrame(spot, false));
    expect(scan(coinm, true)).toStrictEqual(decodeFrame(coinm, true));
    expect(scanDepthFrame(spot, false)).toBeDefined();
    expect(scanDepthFrame(coinm, true)).toBeDefined();
  });

  it("codes each level as the book would key it, so the book need not read Binance's prices again", () => {
    const frame = '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["65000.01000000","0.50000000"],["64999.99","0.00000000"]],"a":[["0.00000001","1"],["1e3","1"]]}';
    const update = scanDepthFrame(frame, false);
    expect(update?.bidCodes).toEqual([6_500_001_000_000, -6_499_999_000_000 - 1]);
    // A price the book would refuse is left to it (NaN), and it refuses it as before.
    expect(update?.askCodes).toEqual([1, NaN]);
  });

  it('keeps each deletion spelled as sent when one string serves repeated zero quantities', () => {
    const frame = '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["3","0.000"],["2","0.00000000"],["1","0.000"],["0.5","0"]],"a":[]}';
    expect(scanDepthFrame(frame, false)?.bids).toEqual([['3', '0.000'], ['2', '0.00000000'], ['1', '0.000'], ['0.5', '0']]);
  });

  it('made the codes of most levels of the generated Binance-shaped frames (the checks above are about them)', () => {
    expect(codesChecked.made).toBeGreaterThan(codesChecked.left);
    if (spelled) expect(codesChecked.spelled).toBeGreaterThan(0);
  });

  it('gives a frame of canonical levels as numbers only, and makes the strings only when they are read', () => {
    const frame = '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["61826.02000000","0.00009000"],["61826.01","0"]],"a":[["61827","12.5"]]}';
    const update = scanDepthFrame(frame, false, true);
    expect(update?.bidSpellings).toHaveLength(2);
    expect(update?.askSpellings).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(update))).toMatchObject({ bids: [['61826.02000000', '0.00009000'], ['61826.01', '0']], asks: [['61827', '12.5']] });
    expect(update?.bids).toBe(update?.bids); // made once
  });

  it('gives no spellings where a level is not spelled canonically: the book reads that update as strings', () => {
    const frame = '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["61826.02","0.10000000000000000"]],"a":[["061827","1"]]}';
    const update = scanDepthFrame(frame, false, true);
    expect(update).toMatchObject({ bids: [['61826.02', '0.10000000000000000']], asks: [['061827', '1']] });
    expect(update?.bidSpellings).toBeUndefined();
    expect(update?.askSpellings).toBeUndefined();
  });

  stepsAsideOn((frame) => scanDepthFrame(frame, true), [
    ['whitespace', '{"e":"depthUpdate", "E":1,"s":"X","U":1,"u":1,"b":[],"a":[]}'],
    ['an escape in a string', '{"e":"depthUpdate","E":1,"s":"X\\u0041","U":1,"u":1,"b":[],"a":[]}'],
    ['non-ASCII', '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":1,"b":[["1","é"]],"a":[]}'],
    ['a number where a string belongs', '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":1,"b":[[1,"2"]],"a":[]}'],
    ['an unsafe id', '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":9007199254740992,"b":[],"a":[]}'],
    ['U after u', '{"e":"depthUpdate","E":1,"s":"X","U":2,"u":1,"b":[],"a":[]}'],
    ['a missing pu where it is required', '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":1,"b":[],"a":[]}'],
    ['a trailing field', '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":1,"pu":0,"b":[],"a":[],"x":1}'],
    ['a truncated frame', '{"e":"depthUpdate","E":1,"s":"X","U":1,"u":1,"pu":0,"b":[],"a":['],
  ]);

  const recordings = listRecordings();
  it.each(recordings.map((r) => [r.session, r] as const))('reads every depth event of recorded session %s itself, equal to the full decoder', (_session, recording) => {
    const requirePrevId = recording.market !== 'spot';
    const lines = gunzipSync(readFileSync(recording.timeline)).toString('utf8').split('\n');
    const frames = lines.map((line) => line.slice(line.indexOf(' ') + 1)).filter((frame) => frame !== '');
    const { left, spelled: spelledBefore } = codesChecked;
    assertReadsRecording(
      frames,
      (frame) => scan(frame, requirePrevId),
      (frame) => viaDecoder(frame, requirePrevId),
      (decoded) => 'type' in decoded && decoded.type === 'depth',
    );
    expect(codesChecked.left).toBe(left); // every level Binance sent was coded
    if (spelledMode) expect(codesChecked.spelled).toBeGreaterThan(spelledBefore); // and given as numbers only
  });
});
