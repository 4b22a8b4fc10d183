// Adds up the jest JSON reports (--json --outputFile) of every project into one plain line: "tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
const failures = [];
for (const group of ['packages', 'apps']) {
  if (!existsSync(group)) continue;
  for (const project of readdirSync(group)) {
    const file = join(group, project, 'test-results.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    // A suite that failed to load has no failed test in it: count it, or a broken import would pass unseen.
    failed += (report.numFailedTests ?? 0) || (report.numFailedTestSuites ?? 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    reports++;
    for (const suite of report.testResults ?? []) {
      const broken = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const t of broken) failures.push(`${suite.name}: ${t.fullName}\n    ${firstLine(t.failureMessages?.[0])}`);
      if (broken.length === 0 && suite.status === 'failed') failures.push(`${suite.name}: ${firstLine(suite.message)}`);
    }
  }
}
// Named last, so the tail of a CI log says which test failed and why.
for (const failure of failures) console.log(`failed: ${failure}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
if (reports === 0 || failed > 0 || passed === 0) process.exit(1);

function firstLine(text) {
  return String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}
