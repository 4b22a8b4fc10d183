import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LOB_BIN = fileURLToPath(new URL('../../../cli/bin/lob.js', import.meta.url));

/** A `lob serve` child process: where its API listens, its pid, and how to stop it. */
export interface LobProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** A free loopback port (a tiny race with other programs, harmless on a bench machine). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `lob serve --config <config> --workers <workers> --http 127.0.0.1:<port>` as users run it; resolves once the API answers. */
export async function startLob(config: string, workers: number): Promise<LobProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lob-bench-workers-'));
  const file = path.join(dir, 'config.toml');
  writeFileSync(file, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let stderr = '';
  const child = spawn(process.execPath, [LOB_BIN, 'serve', '--config', file, '--workers', String(workers), '--http', `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`lob exited with ${child.exitCode} before its API answered:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`lob's API did not answer within 60 s:\n${stderr}`);
    }
    const answered = await fetch(`${url}/health`).then(
      () => true,
      () => false,
    );
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid as number,
    stop: async () => {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
