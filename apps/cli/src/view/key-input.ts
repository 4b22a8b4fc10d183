/** What a key pressed in the terminal view asks for. */
export type ViewKey = 'quit';

/** The bytes a raw-mode terminal sends for each key the view knows (raw mode: Ctrl-C is a byte, not SIGINT). */
const KEYS: Readonly<Record<string, ViewKey>> = { '\x03': 'quit', q: 'quit', Q: 'quit' };

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
    for (const char of chunk) {
      const key = KEYS[char];
      if (key !== undefined) onKey(key);
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
