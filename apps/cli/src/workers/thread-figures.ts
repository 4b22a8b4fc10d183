import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import type { PostedThreadFigures } from './worker-protocol.js';

/** Node ≥ 23.9 tells a thread's own CPU time; older ones only the whole process's. */
type ThreadCpu = () => { user: number; system: number };

/**
 * The figures of the thread it runs in: event-loop utilization and delay, and CPU time (the thread's own where
 * Node can tell it, else its loop's busy time, which is what a thread that never blocks on I/O spends on a core).
 */
export class ThreadFigures {
  private readonly start: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly threadCpu = (process as unknown as { threadCpuUsage?: ThreadCpu }).threadCpuUsage;

  constructor() {
    this.delay.enable();
  }

  /** The figures now; the delay's p99 is of the time since the previous read. */
  read(): PostedThreadFigures {
    const elu = performance.eventLoopUtilization(this.start);
    const lag = this.delay.count > 0 ? this.delay.percentile(99) / 1e6 : 0;
    this.delay.reset();
    const cpu = this.threadCpu?.call(process);
    return {
      loopUtilization: elu.utilization,
      loopActiveMs: elu.active,
      loopLagP99Ms: lag,
      cpuSeconds: cpu === undefined ? elu.active / 1000 : (cpu.user + cpu.system) / 1e6,
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
  }

  stop(): void {
    this.delay.disable();
  }
}
