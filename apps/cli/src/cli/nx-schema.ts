import type { Command } from 'commander';

/** An Nx executor schema: what `nx run cli:serve --help` prints, and how Nx passes the arguments on. */
export interface NxExecutorSchema {
  readonly version: 2;
  readonly title: string;
  readonly description: string;
  readonly type: 'object';
  readonly outputCapture: 'direct-nodejs';
  readonly properties: Record<string, Record<string, unknown>>;
  readonly additionalProperties: true;
}

/**
 * The schema of `nx run cli:<command>`, made from the command's own options so that Nx's `--help` shows lob's
 * options and nothing else can drift from them. Options that take a value accept a string or a number: Nx parses
 * `--depth 10` as a number before validating, while lob itself reads the raw arguments (`__unparsed__`).
 */
export function nxSchemaOf(command: Command): NxExecutorSchema {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const option of command.options) {
    if (option.hidden || option.long === undefined) continue;
    const choices = option.argChoices === undefined ? '' : ` (one of: ${option.argChoices.join(', ')})`;
    properties[option.long.slice(2)] = {
      type: option.required || option.optional ? ['string', 'number'] : 'boolean',
      description: option.description + choices,
      ...(option.short === undefined ? {} : { alias: option.short.slice(1) }),
    };
  }
  return {
    version: 2,
    title: `lob ${command.name()}`,
    description: command.description(),
    type: 'object',
    outputCapture: 'direct-nodejs',
    properties: {
      ...properties,
      command: { type: 'string', description: 'what the executor runs', hidden: true },
      __unparsed__: { hidden: true, type: 'array', items: { type: 'string' }, $default: { $source: 'unparsed' }, 'x-priority': 'internal' },
    },
    additionalProperties: true,
  };
}
