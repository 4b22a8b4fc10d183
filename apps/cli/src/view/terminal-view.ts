import { createLogUpdate } from 'log-update';
import type { BookHistory } from '../feeds/book-history.js';
import { allBooks, type MarketSource } from '../feeds/market-source.js';
import { frameModel } from './frame-model.js';
import type { ViewKey } from './key-input.js';
import { renderFrame } from './render.js';
import { nextLayout, type ViewLayout } from './view-layout.js';
import { UpdateRates } from './update-rates.js';

/** What the live terminal view draws, and where. */
export interface TerminalViewOptions {
  readonly sources: readonly MarketSource[];
  readonly depthOf: (market: string) => number;
  readonly title: string;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly color: boolean;
  readonly history?: BookHistory;
  /** Redraws per second at most (default 10). */
  readonly fps?: number;
  /** The layout it starts with (default panels); a key cycles through the others. */
  readonly layout?: ViewLayout;
}

/**
 * Draws the frame in place with log-update, at most `fps` times a second, skipping frames that did not change
 * (log-update erases and rewrites in one write, so there is no flicker). Logs are written above the frame, which
 * is then redrawn below them. On resize the screen is cleared, since lines drawn at the old width may have wrapped.
 */
export class TerminalView {
  private readonly update: ReturnType<typeof createLogUpdate>;
  private readonly rates = new UpdateRates();
  private timer: NodeJS.Timeout | undefined;
  private layout: ViewLayout;
  private page = 0;
  private pages = 1;
  private readonly onResize = (): void => {
    this.options.stdout.write('\x1b[2J\x1b[3J\x1b[H');
    this.update.done();
    this.draw();
  };

  constructor(private readonly options: TerminalViewOptions) {
    this.update = createLogUpdate(options.stdout);
    this.layout = options.layout ?? 'panels';
  }

  /** Acts on a key: another layout, another page of books. */
  onKey(key: ViewKey): void {
    if (key === 'next-layout') {
      this.layout = nextLayout(this.layout);
      this.page = 0;
    } else if (key === 'next-page') {
      this.page = (this.page + 1) % this.pages;
    } else if (key === 'previous-page') {
      this.page = (this.page - 1 + this.pages) % this.pages;
    } else {
      return;
    }
    if (this.timer !== undefined) this.draw();
  }

  /** Starts drawing. */
  start(): void {
    this.draw();
    this.timer = setInterval(() => this.draw(), Math.ceil(1000 / (this.options.fps ?? 10)));
    this.options.stdout.on('resize', this.onResize);
  }

  /** Writes log text above the frame and redraws the frame below it. */
  log(text: string): void {
    if (this.timer === undefined) {
      this.options.stderr.write(text);
      return;
    }
    this.update.clear();
    this.options.stderr.write(text);
    this.draw();
  }

  /** Stops drawing and leaves the last frame on screen, with the cursor shown again. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.options.stdout.off('resize', this.onResize);
    this.draw();
    this.update.done();
  }

  private draw(): void {
    const { sources, stdout } = this.options;
    const now = Date.now();
    const rates = this.rates.sample(allBooks(sources), now);
    const { title, depthOf, history } = this.options;
    const frame = frameModel({ title, sources, depthOf, rates, now, ...(history === undefined ? {} : { history }) });
    const drawn = renderFrame(frame, { width: stdout.columns ?? 80, height: stdout.rows ?? 24, color: this.options.color, layout: this.layout, page: this.page });
    this.page = drawn.page;
    this.pages = drawn.pages;
    this.update(drawn.text);
  }
}
