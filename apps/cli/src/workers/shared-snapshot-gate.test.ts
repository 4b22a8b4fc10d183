import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from '@jest/globals';
import { SnapshotError, SnapshotLimiter } from '@lob/core';
import { PermitDesk } from './permit-desk.js';
import { PermitClient, SharedSnapshotGate } from './shared-snapshot-gate.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** One simulated worker: its gate for venue `spot`, talking to the main thread's desk over a real MessagePort pair. */
interface FakeWorker {
  readonly gate: SharedSnapshotGate;
  readonly desk: PermitDesk;
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function worker(limiter: SnapshotLimiter): FakeWorker {
  const { port1: mainSide, port2: workerSide } = new MessageChannel();
  ports.push(mainSide, workerSide);
  const permits = new PermitClient((m) => workerSide.postMessage(m));
  const desk = new PermitDesk(new Map([['spot', limiter]]), (m) => mainSide.postMessage(m));
  mainSide.on('message', (m: FromWorker) => desk.handle(m));
  workerSide.on('message', (m: ToWorker) => {
    if (m.t === 'grant') permits.granted(m.id);
    if (m.t === 'refused') permits.refused(m.id, new Error(m.error.message));
  });
  return { gate: new SharedSnapshotGate('spot', permits), desk };
}

const waitFor = async (test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('SharedSnapshotGate: workers asking one limiter on the main thread for permits', () => {
  it('keeps two workers within one budget: the weight started in any window never passes the allowance', async () => {
    // Allowance 40 (80 % of 50) per 400 ms: four requests of 10 a window, whoever asks.
    const windowMs = 400;
    const limiter = new SnapshotLimiter({ budget: { limit: 50, windowMs } });
    const workers = [worker(limiter), worker(limiter)];
    const started: number[] = [];
    const signal = new AbortController().signal;
    const task = async () => {
      started.push(Date.now());
      return {};
    };
    await Promise.all(workers.flatMap(({ gate }) => Array.from({ length: 6 }, () => gate.run(10, signal, task))));
    expect(started).toHaveLength(12);
    expect(limiter.stats.weightUsed).toBe(120);
    // Each start, with the ones after it inside one window (less a little for the ports' delivery), weighs ≤ 40.
    const slack = 40;
    for (const [i, t] of started.entries()) {
      const inWindow = started.slice(i).filter((u) => u < t + windowMs - slack).length;
      expect(inWindow * 10).toBeLessThanOrEqual(40);
    }
  });

  it("pauses every worker's requests when one worker's request is answered 429", async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 1_000, windowMs: 60_000 }, minPauseMs: 300 });
    const [a, b] = [worker(limiter), worker(limiter)];
    const signal = new AbortController().signal;
    const refused = a!.gate.run(10, signal, () => Promise.reject(new SnapshotError('rate-limited', '429', 300, 429)));
    await expect(refused).rejects.toThrow('429');
    await waitFor(() => limiter.stats.rateLimited === 1, 'the limiter to count the 429');
    const askedAt = Date.now();
    let startedAt = 0;
    await b!.gate.run(10, signal, async () => {
      startedAt = Date.now();
      return {};
    });
    expect(startedAt - askedAt).toBeGreaterThanOrEqual(250);
  });

  it("takes a worker's aborted request out of the main thread's queue, and frees a dead worker's permits", async () => {
    const limiter = new SnapshotLimiter({ budget: { limit: 1_000, windowMs: 60_000 }, maxConcurrent: 1 });
    const { gate, desk } = worker(limiter);
    const signal = new AbortController().signal;
    let release: () => void = () => undefined;
    const holding = gate.run(10, signal, () => new Promise<{}>((resolve) => (release = () => resolve({}))));
    await waitFor(() => limiter.stats.inFlight === 1, 'the first request to run');
    const controller = new AbortController();
    const queued = gate.run(10, controller.signal, async () => ({}));
    await waitFor(() => limiter.stats.queued === 1, 'the second request to queue on the main thread');
    controller.abort(new Error('book stopped'));
    await expect(queued).rejects.toThrow('book stopped');
    await waitFor(() => limiter.stats.queued === 0, 'the queue to empty');
    // The worker dies with its request running: the limiter's slot is freed, not held forever.
    desk.close();
    await waitFor(() => limiter.stats.inFlight === 0, 'the running slot to be freed');
    release();
    await holding;
  });
});
