import type { Logger } from 'pino';
import type { ServeSettings } from '../config/settings.js';
import { createLogger } from '../log/logger.js';
import type { TerminalView } from '../view/terminal-view.js';
import type { ServeIO } from './serve-io.js';

/** Whether to colour a stream: a terminal, unless NO_COLOR or a dumb terminal says no (FORCE_COLOR says yes). */
export function wantsColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** The log of a lob process, and where it writes while a terminal view draws on the same screen. */
export interface ServeLog {
  readonly log: Logger;
  /** Routes log lines through this view (undefined: straight to stderr again). */
  drawOn(view: TerminalView | undefined): void;
}

/** Makes the process's log on stderr: pretty on a terminal, JSON lines otherwise. */
export function createServeLog(settings: Pick<ServeSettings, 'logLevel'>, io: ServeIO): ServeLog {
  let view: TerminalView | undefined;
  const log = createLogger({
    level: settings.logLevel,
    pretty: io.stderr.isTTY === true,
    color: wantsColor(io.stderr, io.env),
    // While the terminal view draws on the same screen, logs go through it so the frame stays whole.
    sink: (text) => (view !== undefined && io.stderr.isTTY === true ? view.log(text) : io.stderr.write(text)),
  });
  return { log, drawOn: (v) => (view = v) };
}
