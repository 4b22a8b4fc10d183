import { sweepCost, type OrderBook } from '@lob/core';
import type { BookEvent, BookLevels } from '../workloads/book-event.js';
import { blackhole } from './blackhole.js';

/** A timed step plus what it processed since the counter was last taken. */
export interface Stepper {
  /** One unit of work: what tinybench times. */
  readonly step: () => void;
  /** Level changes processed since the last call (then resets). */
  takeChanges(): number;
  /** Where in the cycle the next step starts (0 after each full cycle). */
  position(): number;
  /** Steps in one full cycle. */
  readonly cycleLength: number;
}

/** Applies one cycle event per step, looping; with `readBest`, reads best bid and ask after each event. */
export function replayStepper(book: OrderBook, events: readonly BookEvent[], readBest: boolean): Stepper {
  const n = events.length;
  let i = 0;
  let changes = 0;
  // Two literals rather than one with a flag, so the measured loop has no branch the other measure lacks.
  const step = readBest
    ? () => {
        const event = events[i] as BookEvent;
        book.apply('bid', event.bids);
        book.apply('ask', event.asks);
        blackhole.a = book.best('bid');
        blackhole.b = book.best('ask');
        changes += event.changes;
        if (++i === n) i = 0;
      }
    : () => {
        const event = events[i] as BookEvent;
        book.apply('bid', event.bids);
        book.apply('ask', event.asks);
        changes += event.changes;
        if (++i === n) i = 0;
      };
  return {
    step,
    takeChanges: () => {
      const c = changes;
      changes = 0;
      return c;
    },
    position: () => i,
    cycleLength: n,
  };
}

/** One step: reset the book to the starting levels (snapshot load). */
export function loadStep(book: OrderBook, start: BookLevels): () => void {
  return () => book.reset(start.bids, start.asks);
}

/** One step: read the top 20 levels of both sides. */
export function top20Step(book: OrderBook): () => void {
  return () => {
    blackhole.a = book.top('bid', 20);
    blackhole.b = book.top('ask', 20);
  };
}

/** One step: cost to buy and to sell `size` by sweeping the book. */
export function sweepStep(book: OrderBook, size: string): () => void {
  return () => {
    blackhole.a = sweepCost(book, 'ask', size);
    blackhole.b = sweepCost(book, 'bid', size);
  };
}

/** Runs a stepper until it has done one full cycle or `capMs` passed, whichever first; returns steps run. */
export function warmUp(stepper: Stepper, capMs: number): number {
  const { step, cycleLength } = stepper;
  const end = performance.now() + capMs;
  let steps = 0;
  while (steps < cycleLength) {
    step();
    // Check the clock only now and then: it costs about as much as a small step.
    if ((++steps & 31) === 0 && performance.now() > end) break;
  }
  stepper.takeChanges();
  return steps;
}
