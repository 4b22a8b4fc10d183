import { createWriteStream, existsSync, rename, type WriteStream } from 'node:fs';
import path from 'node:path';
import { constants, createGzip, type Gzip } from 'node:zlib';
import { PART_SUFFIX, timelineFileName } from './timeline-name.js';

/** Something the writer wants known: files opened and closed, failures, and recording dropped or resumed. */
export interface RecordingEvent {
  readonly kind: 'file-opened' | 'file-closed' | 'write-failed' | 'dropping' | 'resumed';
  /** The file concerned (its final name; the `.part` one while it is written). */
  readonly file?: string;
  readonly message: string;
  /** Lines dropped so far in this episode (for `dropping` and `resumed`). */
  readonly dropped?: number;
}

/** How one (venue, symbol) timeline is written. */
export interface TimelineWriterOptions {
  readonly dir: string;
  readonly venue: string;
  readonly symbol: string;
  /** A file is closed and the next opened once this much text went into it (default 64 MiB). */
  readonly maxFileBytes?: number;
  /** How often what was written is pushed through gzip to the file, so a killed process loses at most this (default 1000 ms). */
  readonly flushEveryMs?: number;
  /** Text waiting for the disk beyond this drops recording until half of it is written (default 64 MiB). */
  readonly maxPendingBytes?: number;
  /** A failed file is followed by a new one no sooner than this (default 10 000 ms). */
  readonly retryAfterMs?: number;
  /** Wall clock, ms (tests inject it; files also rotate at every UTC hour of it). */
  readonly now?: () => number;
  readonly onEvent?: (event: RecordingEvent) => void;
}

const HOUR_MS = 3_600_000;
/** Names handed out in this process and not yet written, so two writers opening in the same second never collide. */
const reservedNames = new Set<string>();

/** One file being written: gzip in front of the `.part` file. */
interface OpenFile {
  readonly finalPath: string;
  readonly partPath: string;
  readonly gzip: Gzip;
  readonly stream: WriteStream;
  readonly hour: number;
  bytes: number;
  /** The preamble is in this file. */
  preambled: boolean;
  /** Written since the last sync flush. */
  dirty: boolean;
  failed: boolean;
}

/**
 * Writes one venue's symbol timeline: `<receive ns> <raw text>` lines into gzip files rotated by size and at every
 * UTC hour. A file is written as `….timeline.txt.gz.part` and renamed once closed, so every file with the final name
 * is a complete gzip; the `.part` is sync-flushed every `flushEveryMs`, so a killed process leaves it readable up to
 * its last flush. Writing never throws and never blocks the caller: failures become events, and a disk that cannot
 * keep up drops lines (said loudly) rather than grow memory without bound.
 */
export class TimelineWriter {
  private current: OpenFile | undefined;
  private readonly closing = new Set<Promise<void>>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly maxFileBytes: number;
  private readonly maxPendingBytes: number;
  private failedAt = -Infinity;
  private dropped = 0;
  private dropping = false;
  private closed = false;
  /** The line every file starts with once it is set (setPreamble). */
  private preamble: string | undefined;

  constructor(private readonly options: TimelineWriterOptions) {
    this.now = options.now ?? Date.now;
    this.maxFileBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
    this.maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
    this.flushTimer = setInterval(() => this.flush(), options.flushEveryMs ?? 1000);
    this.flushTimer.unref();
  }

  /** Appends one line; a raw text holding line breaks has them turned into spaces (one line per frame). */
  write(receivedNs: string, raw: string): void {
    if (this.closed) return;
    const text = raw.includes('\n') || raw.includes('\r') ? raw.replace(/[\r\n]/g, ' ') : raw;
    const line = `${receivedNs} ${text}\n`;
    const now = this.now();
    const open = this.current;
    if (open !== undefined && ((open.bytes > 0 && open.bytes + line.length > this.maxFileBytes) || Math.floor(now / HOUR_MS) !== open.hour)) {
      this.closeCurrent();
    }
    if (!this.hasRoom()) return;
    const file = this.current ?? this.open(now);
    if (file === undefined) return;
    if (this.preamble !== undefined && !file.preambled) {
      // Same receive time as the line it precedes: a reader sorting by time keeps it first.
      file.preambled = true;
      this.append(file, `${receivedNs} ${this.preamble}\n`);
    }
    this.append(file, line);
  }

  /**
   * Sets a line that goes first in every file from now on, the file being written included (before its next line):
   * so each file, read alone, has it (rotation opens new files). Line breaks are turned into spaces as by write.
   */
  setPreamble(raw: string): void {
    this.preamble = raw.replace(/[\r\n]/g, ' ');
    if (this.current !== undefined) this.current.preambled = false;
  }

  private append(file: OpenFile, line: string): void {
    file.gzip.write(line);
    file.bytes += line.length;
    file.dirty = true;
  }

  /** Closes the file being written (renamed to its final name) and waits for every close under way. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      clearInterval(this.flushTimer);
      this.closeCurrent();
    }
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }

  /** Text handed over but not on disk yet. */
  pendingBytes(): number {
    const file = this.current;
    return file === undefined ? 0 : file.gzip.writableLength + file.stream.writableLength;
  }

  /** Whether this line may be written: false while the disk is behind by more than maxPendingBytes. */
  private hasRoom(): boolean {
    const pending = this.pendingBytes();
    if (this.dropping) {
      if (pending > this.maxPendingBytes / 2) {
        this.dropped++;
        return false;
      }
      this.dropping = false;
      this.emit({ kind: 'resumed', message: `recording resumed after dropping ${this.dropped} lines`, dropped: this.dropped });
      this.dropped = 0;
      return true;
    }
    if (pending <= this.maxPendingBytes) return true;
    this.dropping = true;
    this.dropped = 1;
    this.emit({
      kind: 'dropping',
      ...(this.current === undefined ? {} : { file: this.current.partPath }),
      message: `the disk cannot keep up: ${pending} bytes wait to be written; dropping recorded lines until it catches up`,
      dropped: 1,
    });
    return false;
  }

  private open(now: number): OpenFile | undefined {
    if (now - this.failedAt < (this.options.retryAfterMs ?? 10_000)) return undefined;
    const { dir, venue, symbol } = this.options;
    let n = 0;
    let finalPath: string;
    for (;;) {
      finalPath = path.join(dir, timelineFileName(venue, symbol, now, n));
      if (!reservedNames.has(finalPath) && !existsSync(finalPath) && !existsSync(finalPath + PART_SUFFIX)) break;
      n++;
    }
    reservedNames.add(finalPath);
    const partPath = finalPath + PART_SUFFIX;
    const stream = createWriteStream(partPath, { flags: 'wx' });
    const gzip = createGzip();
    const file: OpenFile = { finalPath, partPath, gzip, stream, hour: Math.floor(now / HOUR_MS), bytes: 0, preambled: false, dirty: false, failed: false };
    const fail = (error: Error): void => this.fail(file, error);
    gzip.on('error', fail);
    stream.on('error', fail);
    gzip.pipe(stream);
    this.current = file;
    this.emit({ kind: 'file-opened', file: partPath, message: `recording ${venue} ${symbol} to ${partPath}` });
    return file;
  }

  /** Ends the current file: once its bytes are on disk it takes its final name. */
  private closeCurrent(): void {
    const file = this.current;
    if (file === undefined) return;
    this.current = undefined;
    const done = new Promise<void>((resolve) => {
      file.stream.once('close', () => {
        reservedNames.delete(file.finalPath);
        // A failed file keeps its .part name: readable up to its last flush, never mistaken for a complete one.
        if (file.failed) return resolve();
        rename(file.partPath, file.finalPath, (error) => {
          if (error === null) this.emit({ kind: 'file-closed', file: file.finalPath, message: `closed ${file.finalPath}` });
          else this.emit({ kind: 'write-failed', file: file.partPath, message: `cannot rename ${file.partPath}: ${error.message}` });
          resolve();
        });
      });
    });
    this.closing.add(done);
    void done.then(() => this.closing.delete(done));
    if (file.failed) file.stream.destroy();
    else file.gzip.end();
  }

  private fail(file: OpenFile, error: Error): void {
    if (file.failed) return;
    file.failed = true;
    this.emit({ kind: 'write-failed', file: file.partPath, message: `cannot write ${file.partPath}: ${error.message}; recording of ${this.options.venue} ${this.options.symbol} pauses` });
    if (this.current === file) {
      this.failedAt = this.now();
      this.closeCurrent();
    } else {
      file.stream.destroy();
    }
  }

  /** Pushes what was written through gzip (a sync flush: a reader of the `.part` can decode up to here). */
  private flush(): void {
    const file = this.current;
    if (file === undefined || !file.dirty || file.failed) return;
    file.dirty = false;
    file.gzip.flush(constants.Z_SYNC_FLUSH);
  }

  private emit(event: RecordingEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure must not reach the book pipeline.
    }
  }
}
