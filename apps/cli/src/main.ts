import { readFileSync } from 'node:fs';
import { ConfigError } from '@lob/core';
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';

/** Exit status for a configuration or usage error (bad flag, bad config.toml). */
const USAGE_ERROR = 2;

/** The `lob` entry point: parses the command line and runs the command; errors become one clear message. */
async function main(): Promise<void> {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const program = buildProgram(version, async (flags) => {
    // Loaded on demand so that --help and --version answer without loading the feed, HTTP and view stacks.
    const { runServe } = await import('./serve/run-serve.js');
    await runServe(flags, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), version });
  }, async (command) => {
    const { runReplay } = await import('./serve/run-replay.js');
    await runReplay(command, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), version });
  }, async (flags) => {
    const { runMirror } = await import('./mirror/run-mirror.js');
    await runMirror(flags, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), version });
  });
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      process.exitCode = error.exitCode === 0 ? 0 : USAGE_ERROR;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`lob: ${error.message}\n`);
      process.exitCode = USAGE_ERROR;
    } else {
      process.stderr.write(`lob: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
