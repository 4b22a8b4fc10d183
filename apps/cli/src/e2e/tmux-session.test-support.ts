import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A command running in a real pseudo-terminal: a detached tmux session on a server of its own. What the command
 * wrote is kept byte for byte (pipe-pane), and the screen can be read, resized and typed into, as a user would.
 */
export class TmuxSession {
  private constructor(
    private readonly socket: string,
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Starts `script` (a shell command line) in a `cols`×`rows` terminal, in `cwd`; its exit status is kept. */
  static start(script: string, options: { cols: number; rows: number; cwd: string; env: NodeJS.ProcessEnv }): TmuxSession {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lob-tty-'));
    const session = new TmuxSession(`lob-e2e-${process.pid}-${path.basename(dir)}`, dir, options.env);
    // The shell stays after the command (sleep) so the last screen can still be read.
    const shell = `${script}; echo $? > ${path.join(dir, 'status')}; sleep 600`;
    session.tmux(['new-session', '-d', '-s', 'lob', '-x', String(options.cols), '-y', String(options.rows), '-c', options.cwd, shell]);
    session.tmux(['pipe-pane', '-t', 'lob', '-o', `cat >> ${path.join(dir, 'output.raw')}`]);
    return session;
  }

  /** Everything the command wrote to the terminal so far, as bytes. */
  output(): Buffer {
    try {
      return readFileSync(path.join(this.dir, 'output.raw'));
    } catch {
      return Buffer.alloc(0);
    }
  }

  /** The command's exit status once it has ended, else undefined. */
  exitStatus(): number | undefined {
    try {
      return Number(readFileSync(path.join(this.dir, 'status'), 'utf8').trim());
    } catch {
      return undefined;
    }
  }

  /** The screen as text, one string per row. */
  screen(): string[] {
    return this.tmux(['capture-pane', '-p', '-t', 'lob']).split('\n');
  }

  /** Resizes the terminal; the command gets SIGWINCH as under any terminal emulator. */
  resize(cols: number, rows: number): void {
    this.tmux(['resize-window', '-t', 'lob', '-x', String(cols), '-y', String(rows)]);
  }

  /** Types keys (tmux key names, e.g. `C-c`). */
  sendKeys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'lob', ...keys]);
  }

  /** Ends the session and its server, and whatever still runs in it. */
  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
  }

  private tmux(args: readonly string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.env, encoding: 'utf8' });
  }
}
