import type { LabelValues, Metric, Registry } from 'prom-client';
import { yieldSlice } from './time-slice.js';

/** Hands one sample over: its labels and value. */
export type PutSample = (labels: LabelValues<string>, value: number) => void;

/** Reads a metric's samples from the feeds, offering the event loop a turn (`turn`, see yieldSlice) as often as it likes. */
export type FillSamples = (put: PutSample, turn: () => Promise<void>) => void | Promise<void>;

/** Books read between two checks of the time slice while a scrape walks them (see yieldSlice). */
export const BOOKS_PER_TURN = 25;

/**
 * A counter or gauge whose samples are read from the feeds when scraped, handed to prom-client as they are read:
 * nothing is stored between scrapes, and no label set is hashed into a map only to be read back out, which is most
 * of a scrape's cost with a sample per book. Its `fill` may yield between books, so a scrape of many books does
 * not hold back the updates that arrive meanwhile; with nothing stored, two scrapes can never mix their samples.
 */
class ScrapedMetric {
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
    readonly labelNames: readonly string[],
    private readonly fill: FillSamples,
  ) {}

  /** prom-client's view of the metric: every sample, read now. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: { labels: LabelValues<string>; value: number }[] }> {
    const values: { labels: LabelValues<string>; value: number }[] = [];
    await this.fill((labels, value) => void values.push({ labels, value }), yieldSlice);
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Nothing to reset: nothing is kept between scrapes. */
  reset(): void {}
}

/** Registers a counter or gauge read from the feeds at scrape time (see ScrapedMetric). */
export function registerScraped(registry: Registry, type: 'counter' | 'gauge', name: string, help: string, labelNames: readonly string[], fill: FillSamples): void {
  // prom-client's registry asks a metric only for its name, get() and reset(): a class of ours fits.
  registry.registerMetric(new ScrapedMetric(name, help, type, labelNames, fill) as unknown as Metric);
}
