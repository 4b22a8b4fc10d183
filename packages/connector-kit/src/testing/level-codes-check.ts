import { levelCodeOf, levelSpelling, type Level } from '@lob/core';

/** A decoded update that may carry its levels' codes. */
interface Coded {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  readonly bidCodes?: readonly number[];
  readonly askCodes?: readonly number[];
  readonly bidSpellings?: readonly number[];
  readonly askSpellings?: readonly number[];
}

/** Codes checked so far: made by the scanner (a number) or left to the book (NaN); and levels given as numbers only. */
export const codesChecked = { made: 0, left: 0, spelled: 0 };

/**
 * Throws unless, where the scanner gave a side as numbers only, every level has a code and the spelling the book
 * would make of its strings (levelSpelling): the book then takes the numbers and never reads the strings.
 */
function spellingsChecked(levels: readonly Level[], codes: readonly number[] | undefined, spellings: readonly number[] | undefined): void {
  if (spellings === undefined) return;
  if (spellings.length !== levels.length || codes?.length !== levels.length) throw new Error(`${spellings.length} spellings, ${codes?.length} codes for ${levels.length} levels`);
  for (let i = 0; i < levels.length; i++) {
    const [price, quantity] = levels[i]!;
    const expected = levelSpelling(price, quantity);
    if (spellings[i] !== expected || Number.isNaN(expected) || Number.isNaN(codes[i])) throw new Error(`level ${JSON.stringify(levels[i])} spelled ${spellings[i]} (code ${codes[i]}), the book makes ${expected}`);
    codesChecked.spelled++;
  }
}

/**
 * Throws unless each level's code is the one the book would make of its strings (levelCodeOf), or NaN where the
 * scanner left it to the book, and returns the update without its codes: in the full decoder's terms.
 */
export function uncoded<T extends Coded>(update: T | undefined): Omit<T, 'bidCodes' | 'askCodes' | 'bidSpellings' | 'askSpellings'> | undefined {
  if (update === undefined) return undefined;
  const { bidCodes, askCodes, bidSpellings, askSpellings, ...rest } = update;
  spellingsChecked(update.bids, bidCodes, bidSpellings);
  spellingsChecked(update.asks, askCodes, askSpellings);
  // Plain checks, not expect per level: a recorded session has hundreds of thousands of levels.
  for (const [levels, codes] of [[update.bids, bidCodes], [update.asks, askCodes]] as const) {
    if (codes?.length !== levels.length) throw new Error(`${codes?.length} codes for ${levels.length} levels`);
    for (let i = 0; i < levels.length; i++) {
      const code = codes[i]!;
      if (Number.isNaN(code)) {
        codesChecked.left++;
        continue;
      }
      codesChecked.made++;
      const expected = levelCodeOf(levels[i]!);
      if (code !== expected) throw new Error(`level ${JSON.stringify(levels[i])} coded ${code}, the book makes ${expected}`);
    }
  }
  // Levels read as properties: a scanner may make them in a getter, which a spread does not copy.
  return { ...rest, bids: update.bids, asks: update.asks };
}
