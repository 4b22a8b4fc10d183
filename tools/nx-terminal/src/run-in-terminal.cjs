'use strict';
// Nx runs a target in a pseudo-terminal of its own, which splits multi-byte characters between reads (U+FFFD in
// the view), never passes on a resize, and answers Ctrl-C with status 130. This executor hands the command the
// user's terminal itself (stdio inherited; .env turns Nx's native pseudo-terminal runner off for this), so the
// program reads its size, its resizes and its keys exactly as when run directly.
const { spawn } = require('node:child_process');
const { resolve } = require('node:path');

/** Runs `options.command` plus the arguments given after the target, on the inherited terminal; success is status 0. */
module.exports = async function runInTerminal(options, context) {
  const [program, ...fixed] = options.command.split(' ').filter((part) => part !== '');
  const args = [...fixed, ...(options.__unparsed__ ?? [])];
  const cwd = resolve(context.root, options.cwd ?? '.');
  const child = spawn(program === 'node' ? process.execPath : program, args, { cwd, stdio: 'inherit', env: process.env });
  // A signal sent to this process alone (not the terminal's Ctrl-C, which the child gets itself) is passed on, and
  // this process stays until the child has shut down cleanly.
  const forward = (signal) => () => child.kill(signal);
  const handlers = { SIGINT: forward('SIGINT'), SIGTERM: forward('SIGTERM'), SIGHUP: forward('SIGHUP') };
  for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler);
  const code = await new Promise((done) => {
    child.on('error', (error) => {
      process.stderr.write(`cannot run ${program}: ${error.message}\n`);
      done(1);
    });
    child.on('exit', (status, signal) => done(status ?? (signal === null ? 1 : 128)));
  });
  for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler);
  return { success: code === 0 };
};
