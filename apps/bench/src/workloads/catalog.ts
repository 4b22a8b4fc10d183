import type { ReplayCycle } from './cycle.js';
import { buildCycle } from './cycle.js';
import { pipelineInput, type PipelineInput } from './pipeline-input.js';
import { loadRecordedSession } from './recorded-session.js';
import { findRecordings } from './recording-files.js';
import { generateSynthetic } from './synthetic.js';
import { venueInput, type VenueInput } from './venue-input.js';
import { loadVenueRecording, type Venue } from './venue-recording.js';

/**
 * A workload ready to replay: its cycle, and for recorded Binance sessions the raw frames for the pipeline; a venue
 * session (OKX, Kraken) has only raw frames, replayed through the whole pipeline and its JSON.parse baseline.
 */
export interface Workload {
  readonly name: string;
  readonly kind: 'recorded' | 'synthetic' | 'venue';
  /** Levels per side of the synthetic starting book. */
  readonly depth: number | undefined;
  /** The replay cycle (undefined for venue sessions: see cycleOf). */
  readonly cycle: ReplayCycle | undefined;
  readonly pipeline: PipelineInput | undefined;
  readonly venue: VenueInput | undefined;
  /** What `sweepCost` is asked to fill (base-asset units). */
  readonly sweepSize: string;
}

/** A workload by name, loaded only when a selected task needs it. */
export interface WorkloadSpec {
  readonly name: string;
  readonly kind: Workload['kind'];
  readonly depth: number | undefined;
  load(): Promise<Workload>;
  /** Drops the loaded data, so later tasks do not run beside a heap they no longer need. */
  release(): void;
}

/** The recorded sessions the issue names, by the short name tasks use. */
const RECORDED = [
  { name: 'spot-BTCUSDT-2024', session: 'binance-spot_BTCUSDT_2024-08-08' },
  { name: 'usdm-BTCUSDT-2024', session: 'binance-usdm_BTCUSDT_2024-08-08' },
];

/** One large session per other venue, replayed from the connector packages' own recordings (the largest of each). */
const VENUE_SESSIONS: readonly { name: string; venue: Venue; session: string }[] = [
  // 398 frames: two acks, two snapshots of 400 levels a side, 394 updates; 396 checksums.
  { name: 'okx-ZEN-USDT-2022', venue: 'okx', session: 'okx-books-l2-tbt_ZEN-USDT_2022-02-27' },
  // 2 717 frames: an ack, a 1000-level snapshot, 2 715 updates with checksums; the depth trim removes 215 levels.
  { name: 'kraken-DASH-EUR-2021', venue: 'kraken', session: 'kraken-book_DASH-EUR_2021-04-05' },
  // 576 frames: 383 orderbook.200 pushes (a 200-level snapshot, 382 deltas each one u above the last), 193 tickers.
  { name: 'bybit-linear-SOLUSDT-2026', venue: 'bybit', session: 'bybit-linear_SOLUSDT_2026-08-09' },
  // 467 frames: 375 level2 messages (a full-depth snapshot of 23 334 levels, 374 updates), 87 tickers, 5 acks.
  { name: 'coinbase-ETH-USD-2026', venue: 'coinbase', session: 'coinbase-advanced_ETH-USD_2026-08-09' },
];

/** Levels per side of the synthetic books. */
export const DEPTHS = [100, 1_000, 10_000, 100_000] as const;

/** How much of each workload a run uses. */
export interface WorkloadScale {
  /** Recorded events replayed after the bridge (undefined: the whole session). */
  readonly recordedEvents: number | undefined;
  /** Events generated per synthetic session (the cycle replays twice as many). */
  readonly syntheticEvents: number;
  /** Frames of each venue session replayed (undefined: the whole session; it opens with its snapshot either way). */
  readonly venueFrames: number | undefined;
}

/** The full run: whole sessions, 2 000 synthetic events (about 90 000 level changes) per depth. */
export const FULL_SCALE: WorkloadScale = { recordedEvents: undefined, syntheticEvents: 2_000, venueFrames: undefined };
/** The smoke run: the same workloads, cut short so every task runs in a blink on a small heap. */
export const QUICK_SCALE: WorkloadScale = { recordedEvents: 300, syntheticEvents: 200, venueFrames: 40 };
/** Seed of a synthetic session: fixed per depth, so runs on any machine replay the same traffic. */
export const syntheticSeed = (depth: number): number => 0x10b_0000 + depth;
// About 10 BTC: through the first tens of levels of a real BTCUSDT book, well inside the synthetic ones.
const SWEEP_SIZE = '10';

async function loadRecorded(name: string, session: string, scale: WorkloadScale): Promise<Workload> {
  const { files } = await findRecordings();
  const file = files.find((f) => f.session === session);
  if (file === undefined) throw new Error(`recording ${session} not found`);
  const recorded = loadRecordedSession(file, scale.recordedEvents);
  const forward = recorded.updates.slice(recorded.bridgeIndex).map((u) => ({ bids: u.bids, asks: u.asks, changes: u.bids.length + u.asks.length }));
  const cycle = buildCycle(recorded.snapshot, forward);
  return { name, kind: 'recorded', depth: undefined, cycle, pipeline: pipelineInput(recorded, cycle), venue: undefined, sweepSize: SWEEP_SIZE };
}

function loadSynthetic(depth: number, scale: WorkloadScale): Workload {
  const session = generateSynthetic(depth, scale.syntheticEvents, syntheticSeed(depth));
  const cycle = buildCycle(session.start, session.events);
  return { name: `synthetic-${depth}`, kind: 'synthetic', depth, cycle, pipeline: undefined, venue: undefined, sweepSize: SWEEP_SIZE };
}

function loadVenue(name: string, venue: Venue, session: string, scale: WorkloadScale): Workload {
  const input = venueInput(loadVenueRecording(venue, session, scale.venueFrames));
  return { name, kind: 'venue', depth: undefined, cycle: undefined, pipeline: undefined, venue: input, sweepSize: SWEEP_SIZE };
}

/** The workload's replay cycle; throws for a venue session, which has none (only its pipeline tasks run on it). */
export function cycleOf(workload: Workload): ReplayCycle {
  if (workload.cycle === undefined) throw new Error(`${workload.name} has no replay cycle`);
  return workload.cycle;
}

/** Loads on first use and keeps the result until released. */
function lazy(make: () => Promise<Workload>): Pick<WorkloadSpec, 'load' | 'release'> {
  let promise: Promise<Workload> | undefined;
  return {
    load: () => (promise ??= make()),
    release: () => {
      promise = undefined;
    },
  };
}

/** Every workload, recorded Binance sessions first, then the other venues' sessions, then synthetic, at the given scale. */
export function workloadCatalog(scale: WorkloadScale = FULL_SCALE): WorkloadSpec[] {
  return [
    ...RECORDED.map(({ name, session }) => ({ name, kind: 'recorded' as const, depth: undefined, ...lazy(() => loadRecorded(name, session, scale)) })),
    ...VENUE_SESSIONS.map(({ name, venue, session }) => ({ name, kind: 'venue' as const, depth: undefined, ...lazy(async () => loadVenue(name, venue, session, scale)) })),
    ...DEPTHS.map((depth) => ({ name: `synthetic-${depth}`, kind: 'synthetic' as const, depth, ...lazy(async () => loadSynthetic(depth, scale)) })),
  ];
}
