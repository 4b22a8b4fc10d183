// Runs the API load test alone and prints its table: `node --import tsx src/api-load/run-api-load.ts [--quick]`.
import { alignColumns } from '../report/table.js';
import { apiLoadPlan, runApiLoad } from './api-load.js';
import { apiLoadCells, apiLoadTitle } from './load-cells.js';

const rounds = Number(/^--rounds=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--rounds=')) ?? '')?.[1] ?? 1);
const report = await runApiLoad(apiLoadPlan(process.argv.includes('--quick'), rounds), (text) => process.stderr.write(`${text}\n`));
process.stdout.write(`${apiLoadTitle(report)}\n${alignColumns(apiLoadCells(report))}\n`);
