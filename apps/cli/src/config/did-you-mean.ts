// A dozen lines of edit distance instead of a dependency: the inputs are a few short words against at most a few
// thousand symbols, once at start-up, and the transposition case (BTCUSTD) matters more than speed.

/** Edit distance counting an insertion, a deletion, a substitution or a swap of two neighbours as one edit. */
export function editDistance(a: string, b: string): number {
  // Three rows of the table suffice: the swap looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] as number) + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidates nearest to a misspelt word, if near enough to be what was meant (at most 2 edits, or a third of
 * the word's length for long words); ties are all returned, in the candidates' order, at most `limit` of them.
 */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const allowed = Math.max(2, Math.floor(word.length / 3));
  let best = Infinity;
  let matches: string[] = [];
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) > allowed) continue;
    const d = editDistance(word, candidate);
    if (d > allowed || d > best) continue;
    if (d < best) {
      best = d;
      matches = [];
    }
    matches.push(candidate);
  }
  return matches.slice(0, limit);
}
