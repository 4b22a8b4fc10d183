import fc from 'fast-check';

// The fast-check generators every venue's frame-scanner test draws its frames from; each venue adds its own fields.

/** A plain decimal string such as venues send prices and quantities in: digits, then up to 8 decimals. */
export const decimal = decimalUpTo(fc.nat());

/** Plain decimals below MAX_EXACT_PRICE with at most 8 decimals: prices whose key is an exact integer (most venues' all). */
export const exactDecimal = decimalUpTo(fc.nat(90_000_000));

/** Plain decimals of an integer part from `whole` and 0 to 8 decimals. */
function decimalUpTo(whole: fc.Arbitrary<number>): fc.Arbitrary<string> {
  return fc.tuple(whole, fc.nat(99_999_999), fc.integer({ min: 0, max: 8 })).map(([i, f, d]) => (d === 0 ? `${i}` : `${i}.${String(f).padStart(8, '0').slice(0, d)}`));
}

/** Text where a plain decimal belongs that is not one, or any text: what a scanner must hand to the decoder. */
export const oddDecimal = fc.oneof(fc.constantFrom('', '.5', '5.', '1e3', '-1', '0x1', ' 1', '1.2.3'), fc.string(), fc.string({ unit: 'binary' }));

/** Any text at all, or any JSON: frames a scanner must step aside from or read exactly as the decoder does. */
export const anyFrame = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json());

/** A JSON array of rows: mostly the venue's own, sometimes with odd rows mixed in. */
export function rowList(row: fc.Arbitrary<string>, oddRow: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .oneof({ weight: 4, arbitrary: fc.array(row, { maxLength: 30 }) }, { weight: 1, arbitrary: fc.array(fc.oneof(row, oddRow), { maxLength: 30 }) })
    .map((items) => `[${items.join(',')}]`);
}

/** A venue's edits beyond cutting, replacing, inserting and spacing: an extra field, and where it has one, a swap. */
export interface VenueDamage {
  readonly extraField: (frame: string) => string;
  readonly swap?: (frame: string) => string;
}

type Damage = 'cut' | 'replace' | 'insert' | 'space' | 'extra-field' | 'swap';

/** Frames damaged the way a broken or unusual sender might: cut, a character changed or inserted, whitespace, or the venue's edits. */
export function damaged(frame: fc.Arbitrary<string>, venue: VenueDamage): fc.Arbitrary<string> {
  const { extraField, swap } = venue;
  const hows: Damage[] = ['cut', 'replace', 'insert', 'space', 'extra-field'];
  if (swap !== undefined) hows.push('swap');
  return fc.tuple(frame, fc.nat(), fc.constantFrom(...hows), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })).map(([text, at, how, chars]) => {
    const p = at % (text.length + 1);
    switch (how) {
      case 'cut':
        return text.slice(0, p);
      case 'replace':
        return text.slice(0, p) + chars + text.slice(p + 1);
      case 'insert':
        return text.slice(0, p) + chars + text.slice(p);
      case 'space':
        return text.slice(0, p) + ' ' + text.slice(p);
      case 'extra-field':
        return extraField(text);
      case 'swap':
        return swap === undefined ? text : swap(text);
    }
  });
}
