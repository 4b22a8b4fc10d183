import type { Level, LevelIndex } from '@lob/core';
/** Does nothing: measures everything around the index (input access, key parsing, BookSide). */
export class NullLevelIndex implements LevelIndex {
  size = 0;
  private level: Level | undefined = ['1', '1'];
  get(): Level | undefined { return undefined; }
  set(_k: number, level: Level): void { this.level = level; }
  delete(): void {}
  first(): Level | undefined { return this.level; }
  take(): void {}
  *values(): IterableIterator<Level> {}
  clear(): void {}
}
