import type { KeyboardInput } from '../view/key-input.js';

/** The process `lob serve` runs in: its streams, environment and directory. */
export interface ServeIO {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Keys for the terminal view (Ctrl-C, q) when it is a terminal; absent: none are read. */
  readonly stdin?: KeyboardInput;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly version: string;
}
