// Rewrites apps/cli/nx/serve.schema.json from the `serve` command's options (npm run nx-schema -w @lob/cli).
import { writeFileSync } from 'node:fs';
import { buildProgram } from './program.js';
import { nxSchemaOf } from './nx-schema.js';
import { serveCommand } from './serve-command.js';

const schema = nxSchemaOf(serveCommand(buildProgram('0', async () => undefined)));
writeFileSync(new URL('../../nx/serve.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
