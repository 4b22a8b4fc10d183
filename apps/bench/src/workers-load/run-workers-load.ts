// Runs the worker-threads benchmark alone and prints its table: `node --import tsx src/workers-load/run-workers-load.ts [--quick]`.
import { alignColumns } from '../report/table.js';
import { runWorkersLoad, workersLoadPlan } from './workers-load.js';
import { workersLoadCells, workersLoadTitle } from './workers-cells.js';

const report = await runWorkersLoad(workersLoadPlan(process.argv.includes('--quick')), (text) => process.stderr.write(`${text}\n`));
process.stdout.write(`${workersLoadTitle(report)}\n${alignColumns(workersLoadCells(report))}\n`);
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
