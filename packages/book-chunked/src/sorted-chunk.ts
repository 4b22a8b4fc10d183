import type { Level } from '@lob/core';

/** First index in `keys` (ascending) whose key is >= `key`. */
export function bisect(keys: readonly number[], key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The four shifts below are written out per element type, not as one generic: a loop that sees both double
// and object arrays gets slower code. Moving a small chunk's tail by hand costs less than a splice call,
// which also allocates the array of removed items it returns.

/** Inserts `key` at `i`, moving the keys after it one place right. */
export function insertKey(keys: number[], i: number, key: number): void {
  let j = keys.length;
  keys.push(key);
  for (; j > i; j--) keys[j] = keys[j - 1] as number;
  keys[i] = key;
}

/** Inserts `level` at `i`, moving the levels after it one place right. */
export function insertLevel(levels: Level[], i: number, level: Level): void {
  let j = levels.length;
  levels.push(level);
  for (; j > i; j--) levels[j] = levels[j - 1] as Level;
  levels[i] = level;
}

/** Removes the key at `i`, moving the keys after it one place left. */
export function removeKey(keys: number[], i: number): void {
  const last = keys.length - 1;
  for (let j = i; j < last; j++) keys[j] = keys[j + 1] as number;
  keys.pop();
}

/** Removes the level at `i`, moving the levels after it one place left. */
export function removeLevel(levels: Level[], i: number): void {
  const last = levels.length - 1;
  for (let j = i; j < last; j++) levels[j] = levels[j + 1] as Level;
  levels.pop();
}
