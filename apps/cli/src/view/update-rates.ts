import type { BookView } from '@lob/core';

interface Sample {
  readonly at: number;
  readonly count: number;
}

/**
 * Updates per second of each book, from its `updatesApplied` counter sampled whenever a view draws. Sampling
 * keeps the hot path free of any per-update work for the view.
 */
export class UpdateRates {
  private readonly samples = new Map<string, Sample[]>();

  constructor(private readonly windowMs = 2000) {}

  /** Records the counters of these books at `now` and returns each book's rate (key `market/symbol`). */
  sample(views: readonly BookView[], now: number): Map<string, number> {
    const rates = new Map<string, number>();
    for (const view of views) {
      const key = `${view.market}/${view.symbol}`;
      let list = this.samples.get(key);
      if (list === undefined) this.samples.set(key, (list = []));
      list.push({ at: now, count: view.stats.updatesApplied });
      while (list.length > 2 && (list[1] as Sample).at <= now - this.windowMs) list.shift();
      const first = list[0] as Sample;
      const elapsed = now - first.at;
      rates.set(key, elapsed <= 0 ? 0 : ((view.stats.updatesApplied - first.count) * 1000) / elapsed);
    }
    return rates;
  }
}
