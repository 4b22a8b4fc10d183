import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildProgram } from './program.js';
import { nxSchemaOf } from './nx-schema.js';
import { serveCommand } from './serve-command.js';

describe('the Nx schema of cli:serve', () => {
  const serve = serveCommand(buildProgram('0', async () => undefined));

  it('is the one in apps/cli/nx, so `nx run cli:serve --help` lists lob serve options (else: npm run nx-schema -w @lob/cli)', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../../nx/serve.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(nxSchemaOf(serve))));
  });

  it('names every visible option with its description and short flag, and passes the raw arguments on', () => {
    const schema = nxSchemaOf(serve);
    expect(schema.properties['pairs']).toMatchObject({ alias: 'p', type: ['string', 'number'] });
    expect(schema.properties['demo']).toMatchObject({ type: 'boolean' });
    expect(String(schema.properties['book']?.['description'])).toContain('one of: chunked');
    expect(schema.properties['demo-seed']).toBeUndefined();
    expect(schema.properties['__unparsed__']).toMatchObject({ $default: { $source: 'unparsed' } });
    expect(schema.outputCapture).toBe('direct-nodejs');
  });
});
