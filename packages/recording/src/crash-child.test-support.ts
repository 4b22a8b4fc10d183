// Run as a child process by the crash test: records lines forever, closing one file every 50 lines, and says on
// stdout when each line is written and when a flush has passed, so the parent knows what must survive a SIGKILL.
import { TimelineWriter } from './timeline-writer.js';

const dir = process.argv[2]!;
const writer = new TimelineWriter({ dir, venue: 'binance-spot', symbol: 'BTCUSDT', maxFileBytes: 50 * 40, flushEveryMs: 20 });
let n = 0;
setInterval(() => {
  for (let i = 0; i < 5; i++) {
    n++;
    // 40 characters a line: a new file every 50 lines.
    writer.write(String(1_700_000_000_000_000_000n + BigInt(n)), `{"n":${String(n).padStart(14, '0')},"pad":"x"}`);
  }
  process.stdout.write(`wrote ${n}\n`);
}, 5);
