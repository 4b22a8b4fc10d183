import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ContenderRun, RunOptions } from './report/types.js';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/** This process's node flags (the TypeScript loader) plus --expose-gc, which memory figures need. */
function childExecArgv(): string[] {
  const argv = [...process.execArgv];
  if (!argv.includes('--expose-gc')) argv.push('--expose-gc');
  return argv;
}

/** Runs one contender's tasks in a process of its own; its progress goes to our stderr. */
export function runContender(id: string, options: RunOptions): Promise<ContenderRun> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [id, JSON.stringify(options)], {
      execArgv: childExecArgv(),
      // The child's stdout goes to our stderr: stdout is reserved for --json.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    let run: ContenderRun | undefined;
    child.on('message', (message) => (run = message as ContenderRun));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (run !== undefined && code === 0) resolve(run);
      else reject(new Error(`${id}: contender process ended with ${signal ?? `code ${code}`}`));
    });
  });
}
