import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { NatsServerError } from './errors.js';

/** Where Debian and the release archives put the binary, looked at after PATH (Debian's is /usr/sbin, often not on a user's PATH). */
const WELL_KNOWN = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'];

const INSTALL_HINT =
  'install it with `apt-get install nats-server` (Debian/Ubuntu), or put the release binary from ' +
  'https://github.com/nats-io/nats-server/releases on PATH, or set NATS_SERVER to its path';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nats-server binary to run: `NATS_SERVER` if set, else the first on PATH, else a well-known place; throws a NatsServerError saying how to install it. */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['NATS_SERVER'];
  if (override !== undefined && override !== '') {
    if (isExecutable(override)) return override;
    throw new NatsServerError('binary-missing', `NATS_SERVER=${override} is not an executable file; ${INSTALL_HINT}`);
  }
  const onPath = (env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, 'nats-server'));
  const found = [...onPath, ...WELL_KNOWN].find(isExecutable);
  if (found !== undefined) return found;
  throw new NatsServerError('binary-missing', `nats-server not found on PATH nor in ${WELL_KNOWN.join(', ')}; ${INSTALL_HINT}`);
}
