// Sorted arrays of unboxed doubles: the search and the shifts every chunked book index shares (book-chunked keys,
// book-packed keys and values).

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

/**
 * A one-number chunk whose elements are unboxed doubles from the start. A literal of small integers would start as
 * a Smi array and change kind the first time a fraction or a large key lands in it; starting every chunk as doubles
 * keeps all chunks of one kind, so the shifts and searches below see one shape and stay fast.
 */
export function chunkOf(first: number): number[] {
  const chunk = [0.5];
  chunk[0] = first;
  return chunk;
}

// Moving a small chunk's tail by hand costs less than a splice call, which also allocates the array of removed
// items it returns. Written for number arrays only: a loop that sees both double and object arrays gets slower code.

/** Inserts `x` at `i`, moving the numbers after it one place right. */
export function insertAt(chunk: number[], i: number, x: number): void {
  let j = chunk.length;
  chunk.push(x);
  for (; j > i; j--) chunk[j] = chunk[j - 1] as number;
  chunk[i] = x;
}

/** Removes the number at `i`, moving the numbers after it one place left. */
export function removeAt(chunk: number[], i: number): void {
  const last = chunk.length - 1;
  for (let j = i; j < last; j++) chunk[j] = chunk[j + 1] as number;
  chunk.pop();
}
