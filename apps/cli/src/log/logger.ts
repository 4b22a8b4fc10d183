import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { LogLevel } from '../config/schema.js';

/** Where finished log text goes (stderr, or the terminal view so it can keep its frame intact). */
export type LogSink = (text: string) => void;

/** How logs are written. */
export interface LoggerOptions {
  readonly level: LogLevel;
  /** Human-readable lines (when stderr is a terminal) instead of JSON lines. */
  readonly pretty: boolean;
  readonly color: boolean;
  readonly sink: LogSink;
}

/**
 * Messages are written to read well on their own: pretty output hides the structured fields, JSON keeps them.
 * A pino logger writing synchronously to `sink`: JSON lines with a readable `level`, or pino-pretty lines. Pretty
 * printing runs in-process (not as a worker transport) so the terminal view can interleave logs with its frame
 * and nothing is lost when the process exits.
 */
export function createLogger(options: LoggerOptions): Logger {
  const format = options.pretty
    ? prettyFactory({ colorize: options.color, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', hideObject: true })
    : undefined;
  const destination = {
    write(chunk: string): void {
      if (format === undefined) return options.sink(chunk);
      let record: unknown;
      try {
        record = JSON.parse(chunk);
      } catch {
        return options.sink(chunk);
      }
      const text = format(record);
      options.sink(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
  return pino(
    {
      level: options.level,
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.epochTime,
    },
    destination,
  );
}
