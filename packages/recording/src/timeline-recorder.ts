import { mkdirSync } from 'node:fs';
import { RecordingError } from './errors.js';
import { TimelineWriter, type TimelineWriterOptions } from './timeline-writer.js';

/** How a recorder writes: the directory and the writers' settings (see TimelineWriterOptions). */
export type TimelineRecorderOptions = Omit<TimelineWriterOptions, 'venue' | 'symbol'>;

/** The timelines of every (venue, symbol) recorded into one directory, one TimelineWriter each, opened on first use. */
export class TimelineRecorder {
  private readonly writers = new Map<string, TimelineWriter>();

  /** Creates the directory now (throws RecordingError `cannot-write` when it cannot be), so a bad one fails at start. */
  constructor(private readonly options: TimelineRecorderOptions) {
    try {
      mkdirSync(options.dir, { recursive: true });
    } catch (error) {
      throw new RecordingError('cannot-write', `cannot create the recording directory ${options.dir}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The directory recorded into. */
  get dir(): string {
    return this.options.dir;
  }

  /** Appends one line to this venue's symbol timeline. */
  write(venue: string, symbol: string, receivedNs: string, raw: string): void {
    this.writer(venue, symbol).write(receivedNs, raw);
  }

  /** Sets the line each of this venue's symbol timeline files starts with (TimelineWriter.setPreamble). */
  setPreamble(venue: string, symbol: string, raw: string): void {
    this.writer(venue, symbol).setPreamble(raw);
  }

  private writer(venue: string, symbol: string): TimelineWriter {
    const key = `${venue}\u0000${symbol}`;
    let writer = this.writers.get(key);
    if (writer === undefined) {
      writer = new TimelineWriter({ ...this.options, venue, symbol });
      this.writers.set(key, writer);
    }
    return writer;
  }

  /** Closes every file (each renamed to its final name once on disk). */
  async close(): Promise<void> {
    await Promise.all([...this.writers.values()].map((w) => w.close()));
  }
}
