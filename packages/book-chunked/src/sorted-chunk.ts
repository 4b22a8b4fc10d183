import type { Level } from '@lob/core';

// The shifts of the levels, written for object arrays only; the keys' (doubles) are core's insertAt and removeAt:
// a loop that sees both double and object arrays gets slower code. Moving a small chunk's tail by hand costs less
// than a splice call, which also allocates the array of removed items it returns.

/** Inserts `level` at `i`, moving the levels after it one place right. */
export function insertLevel(levels: Level[], i: number, level: Level): void {
  let j = levels.length;
  levels.push(level);
  for (; j > i; j--) levels[j] = levels[j - 1] as Level;
  levels[i] = level;
}

/** Removes the level at `i`, moving the levels after it one place left. */
export function removeLevel(levels: Level[], i: number): void {
  const last = levels.length - 1;
  for (let j = i; j < last; j++) levels[j] = levels[j + 1] as Level;
  levels.pop();
}
