import type { Command } from 'commander';

/** The `serve` subcommand of a program built by buildProgram. */
export function serveCommand(program: Command): Command {
  const serve = program.commands.find((command) => command.name() === 'serve');
  if (serve === undefined) throw new Error('the program has no serve command');
  return serve;
}
