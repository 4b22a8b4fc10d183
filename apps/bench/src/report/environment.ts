import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** Where and when a run happened: printed with every report so figures can be compared fairly. */
export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly commit: string | undefined;
}

function gitCommit(): string | undefined {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // Only what decides the figures: the bench's code and every package it runs, not reports or notes.
    const paths = ['src', 'package.json', '../../packages'];
    const dirty = execFileSync('git', ['status', '--porcelain', '--', ...paths], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty === '' ? commit : `${commit} (with uncommitted changes to the code measured)`;
  } catch {
    return undefined;
  }
}

/** Describes this machine and process now. */
export function environment(): Environment {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    commit: gitCommit(),
  };
}
