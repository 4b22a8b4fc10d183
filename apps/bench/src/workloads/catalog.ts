import type { ReplayCycle } from './cycle.js';
import { buildCycle } from './cycle.js';
import { pipelineInput, type PipelineInput } from './pipeline-input.js';
import { loadRecordedSession } from './recorded-session.js';
import { findRecordings } from './recording-files.js';
import { generateSynthetic } from './synthetic.js';

/** A workload ready to replay: its cycle, and for recorded sessions the raw frames for the pipeline. */
export interface Workload {
  readonly name: string;
  readonly kind: 'recorded' | 'synthetic';
  /** Levels per side of the synthetic starting book. */
  readonly depth: number | undefined;
  readonly cycle: ReplayCycle;
  readonly pipeline: PipelineInput | undefined;
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

/** Levels per side of the synthetic books. */
export const DEPTHS = [100, 1_000, 10_000, 100_000] as const;

/** How much of each workload a run uses. */
export interface WorkloadScale {
  /** Recorded events replayed after the bridge (undefined: the whole session). */
  readonly recordedEvents: number | undefined;
  /** Events generated per synthetic session (the cycle replays twice as many). */
  readonly syntheticEvents: number;
}

/** The full run: whole sessions, 2 000 synthetic events (about 90 000 level changes) per depth. */
export const FULL_SCALE: WorkloadScale = { recordedEvents: undefined, syntheticEvents: 2_000 };
/** The smoke run: the same workloads, cut short so every task runs in a blink on a small heap. */
export const QUICK_SCALE: WorkloadScale = { recordedEvents: 300, syntheticEvents: 200 };
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
  return { name, kind: 'recorded', depth: undefined, cycle, pipeline: pipelineInput(recorded, cycle), sweepSize: SWEEP_SIZE };
}

function loadSynthetic(depth: number, scale: WorkloadScale): Workload {
  const session = generateSynthetic(depth, scale.syntheticEvents, syntheticSeed(depth));
  const cycle = buildCycle(session.start, session.events);
  return { name: `synthetic-${depth}`, kind: 'synthetic', depth, cycle, pipeline: undefined, sweepSize: SWEEP_SIZE };
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

/** Every workload, recorded first, at the given scale. */
export function workloadCatalog(scale: WorkloadScale = FULL_SCALE): WorkloadSpec[] {
  return [
    ...RECORDED.map(({ name, session }) => ({ name, kind: 'recorded' as const, depth: undefined, ...lazy(() => loadRecorded(name, session, scale)) })),
    ...DEPTHS.map((depth) => ({ name: `synthetic-${depth}`, kind: 'synthetic' as const, depth, ...lazy(async () => loadSynthetic(depth, scale)) })),
  ];
}
