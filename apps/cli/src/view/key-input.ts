/** What a key pressed in the terminal view asks for. */
export type ViewKey = 'quit' | 'next-layout' | 'next-page' | 'previous-page';

/** The bytes a raw-mode terminal sends for each key the view knows (raw mode: Ctrl-C is a byte, not SIGINT). */
const KEYS: Readonly<Record<string, ViewKey>> = {
  '\x03': 'quit',
  q: 'quit',
  Q: 'quit',
  v: 'next-layout',
  V: 'next-layout',
  n: 'next-page',
  ' ': 'next-page',
  '\x1b[C': 'next-page', // →
  '\x1b[6~': 'next-page', // Page Down
  p: 'previous-page',
  '\x1b[D': 'previous-page', // ←
  '\x1b[5~': 'previous-page', // Page Up
};
/** Escape sequences first, then single characters: a chunk may hold several keys. */
const SEQUENCES = Object.keys(KEYS).sort((a, b) => b.length - a.length);

/** The part of a terminal's input the view uses (process.stdin when it is a TTY). */
export interface KeyboardInput {
  readonly isTTY?: boolean;
  setRawMode(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
}

/**
 * Reads keys from a terminal in raw mode while the view owns it, and returns the function that gives the terminal
 * back. Raw mode is what makes Ctrl-C end lob with status 0 under a parent that would answer a SIGINT with 130
 * (`nx run cli:serve`): the key reaches lob as a byte, lob shuts down cleanly, and its parent sees a clean exit.
 */
export function readKeys(input: KeyboardInput, onKey: (key: ViewKey) => void): () => void {
  if (input.isTTY !== true) return () => undefined;
  const onData = (chunk: string): void => {
    let at = 0;
    while (at < chunk.length) {
      const sequence = SEQUENCES.find((s) => chunk.startsWith(s, at));
      if (sequence === undefined) {
        at++;
        continue;
      }
      at += sequence.length;
      onKey(KEYS[sequence] as ViewKey);
    }
  };
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.on('data', onData);
  input.resume();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    input.off('data', onData);
    input.setRawMode(false);
    input.pause();
  };
}
