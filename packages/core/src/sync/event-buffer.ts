import { changesIn, type DepthUpdate } from './depth-update.js';

/** Bytes a buffered event is reckoned to hold: the object plus about 110 bytes per level (array and two strings). */
export function estimateBytes(update: DepthUpdate): number {
  return 200 + 110 * changesIn(update);
}

/**
 * Buffered bytes shared by every symbol of a process (or of whatever shares one): when the sum passes `limitBytes`,
 * the symbol that pushes drops its own oldest events, so one symbol's backlog cannot exhaust the heap for all.
 */
export class BufferBudget {
  used = 0;
  /** Times the cap made a symbol drop events. */
  trims = 0;

  constructor(readonly limitBytes: number) {}
}

/** How much one symbol may keep while it waits for a snapshot. */
export interface EventBufferLimits {
  /** Most events kept (default 20 000). */
  readonly maxEvents?: number;
  /** Most bytes kept, by `estimateBytes` (default 8 MiB). */
  readonly maxBytes?: number;
  /** Events received longer ago than this are dropped: a snapshot asked for later contains them (default 60 s). */
  readonly maxAgeMs?: number;
  /** The cap shared with other symbols. */
  readonly budget?: BufferBudget;
}

/** Why the buffer last dropped events; `global` when the shared cap bit. */
export type TrimCause = 'events' | 'bytes' | 'age' | 'global';

/**
 * A FIFO of stream events waiting for a snapshot: a ring, so adding and dropping the oldest cost O(1) however full
 * it is. Bounded by count, bytes and age; the oldest go first, because a snapshot requested after them will
 * contain them anyway.
 */
export class EventBuffer {
  private items: (DepthUpdate | undefined)[] = new Array(16);
  private sizes: number[] = new Array(16);
  private times: number[] = new Array(16);
  /** When each event's frame arrived (the precise clock), kept beside it so a bridge applies it with its own. */
  private received: number[] = new Array(16);
  private head = 0;
  private count = 0;
  private bytesHeld = 0;
  /** Events dropped by a bound since the buffer was last cleared, and why the last ones went. */
  dropped = 0;
  lastTrim: TrimCause | undefined;

  constructor(private readonly limits: EventBufferLimits = {}) {}

  get length(): number {
    return this.count;
  }

  get bytes(): number {
    return this.bytesHeld;
  }

  /** The i-th oldest event. */
  at(i: number): DepthUpdate | undefined {
    return i < this.count ? this.items[(this.head + i) & (this.items.length - 1)] : undefined;
  }

  /** When the i-th oldest event's frame arrived, as given to `push`. */
  receivedAt(i: number): number {
    return i < this.count ? (this.received[(this.head + i) & (this.items.length - 1)] as number) : 0;
  }

  /**
   * Appends an event received at `now` (the clock the age bound is judged by), then enforces the bounds.
   * `receivedAt` is the frame's receive stamp, carried for the event's apply (default `now`).
   */
  push(update: DepthUpdate, now: number, receivedAt: number = now): void {
    if (this.count === this.items.length) this.grow();
    const slot = (this.head + this.count) & (this.items.length - 1);
    const size = estimateBytes(update);
    this.items[slot] = update;
    this.sizes[slot] = size;
    this.times[slot] = now;
    this.received[slot] = receivedAt;
    this.count++;
    this.bytesHeld += size;
    const budget = this.limits.budget;
    if (budget !== undefined) budget.used += size;
    this.enforce(now);
  }

  /** Removes and returns the oldest event. */
  shift(): DepthUpdate | undefined {
    if (this.count === 0) return undefined;
    const slot = this.head;
    const update = this.items[slot];
    this.release(slot);
    this.head = (slot + 1) & (this.items.length - 1);
    this.count--;
    return update;
  }

  /** Drops every event and forgets past trims. */
  clear(): void {
    while (this.count > 0) this.shift();
    this.dropped = 0;
    this.lastTrim = undefined;
    if (this.items.length > 1024) {
      this.items = new Array(16);
      this.sizes = new Array(16);
      this.times = new Array(16);
      this.received = new Array(16);
      this.head = 0;
    }
  }

  /** The events oldest first, as an array (for a bridge, which runs once per snapshot). */
  toArray(): DepthUpdate[] {
    const out: DepthUpdate[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i) as DepthUpdate);
    return out;
  }

  private enforce(now: number): void {
    const maxEvents = this.limits.maxEvents ?? 20_000;
    const maxBytes = this.limits.maxBytes ?? 8 * 1024 * 1024;
    const maxAge = this.limits.maxAgeMs ?? 60_000;
    const budget = this.limits.budget;
    // The newest event always stays: it is what a later snapshot must bridge to.
    while (this.count > 1) {
      let cause: TrimCause | undefined;
      if (this.count > maxEvents) cause = 'events';
      else if (this.bytesHeld > maxBytes) cause = 'bytes';
      else if (now - (this.times[this.head] as number) > maxAge) cause = 'age';
      else if (budget !== undefined && budget.used > budget.limitBytes) cause = 'global';
      if (cause === undefined) return;
      if (cause === 'global' && budget !== undefined && this.lastTrim !== 'global') budget.trims++;
      this.lastTrim = cause;
      this.dropped++;
      this.shift();
    }
  }

  private release(slot: number): void {
    const size = this.sizes[slot] as number;
    this.bytesHeld -= size;
    const budget = this.limits.budget;
    if (budget !== undefined) budget.used -= size;
    this.items[slot] = undefined;
  }

  private grow(): void {
    const capacity = this.items.length * 2;
    const items: (DepthUpdate | undefined)[] = new Array(capacity);
    const sizes: number[] = new Array(capacity);
    const times: number[] = new Array(capacity);
    const received: number[] = new Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) & (this.items.length - 1);
      items[i] = this.items[slot];
      sizes[i] = this.sizes[slot] as number;
      times[i] = this.times[slot] as number;
      received[i] = this.received[slot] as number;
    }
    this.items = items;
    this.sizes = sizes;
    this.times = times;
    this.received = received;
    this.head = 0;
  }
}
