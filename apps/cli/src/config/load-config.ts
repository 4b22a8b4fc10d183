import { readFile } from 'node:fs/promises';
import { ConfigError, type ConfigErrorReason } from '@lob/core';
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { closestMatches } from './did-you-mean.js';
import { KNOWN_KEYS, configSchema, type LobConfig } from './schema.js';
import { formatKeyPath, locateKey, type KeyPath } from './toml-locations.js';
import { quoteValue } from './quote-value.js';

/** A validated config and the text it was read from, for placing later problems at their line. */
export interface LoadedConfig {
  readonly config: LobConfig;
  readonly source: string;
}

/** Reads and validates a config.toml; every problem is a ConfigError naming the file, the key and the line. */
export async function loadConfigFile(file: string): Promise<LobConfig> {
  return (await readConfigFile(file)).config;
}

/** As loadConfigFile, keeping the text too. */
export async function readConfigFile(file: string): Promise<LoadedConfig> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigError('unreadable', `${file}: cannot read the config file (${why})`, { file });
  }
  return { config: parseConfig(source, file), source: stripBom(source) };
}

/** Parses and validates config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): LobConfig {
  // A byte-order mark (editors on Windows write one) is not part of the first line: left in, the key locator did not
  // see the first line's key or table header, and errors lost their line numbers.
  const source = stripBom(text);
  let data: unknown;
  try {
    data = parse(source);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message is "Invalid TOML document: <what>\n\n<code block>": keep the what, show the block below.
    const what = error.message.split('\n')[0]?.replace(/^Invalid TOML document:\s*/, '') ?? 'invalid TOML';
    const block = error.codeblock.trimEnd();
    throw new ConfigError('syntax', `${file}:${error.line}:${error.column}: TOML syntax error: ${what}${block ? `\n${block}` : ''}`, {
      file,
      line: error.line,
      column: error.column,
    });
  }
  const result = configSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue));
  // An unknown key usually explains the rest (a misspelt required key is also "missing"): report it first.
  const rank = (p: Problem): number => (p.reason === 'unknown-key' ? 0 : 1);
  problems.sort((a, b) => rank(a) - rank(b) || (lineOf(source, a.path) ?? 0) - (lineOf(source, b.path) ?? 0));
  const first = problems[0] as Problem;
  const lines = problems.map((p) => {
    const at = locateKey(source, p.path);
    return `${file}${at === undefined ? '' : `:${at.line}`}: ${formatKeyPath(p.path) || '(top level)'}: ${p.message}`;
  });
  const at = locateKey(source, first.path);
  throw new ConfigError(first.reason, lines.join('\n'), {
    file,
    key: formatKeyPath(first.path),
    ...(at === undefined ? {} : { line: at.line, column: at.column }),
  });
}

interface Problem {
  readonly path: KeyPath;
  readonly reason: ConfigErrorReason;
  readonly message: string;
}

function lineOf(source: string, path: KeyPath): number | undefined {
  return locateKey(source, path)?.line;
}

/** Turns one zod issue into the problems a user reads: one per unknown key, with our own wording. */
function describeIssue(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = typeof path[path.length - 1] === 'number' ? KNOWN_KEYS.exchange : KNOWN_KEYS.root;
      return issue.keys.map((key) => {
        const hint = closestMatches(key.toLowerCase(), known, 1)[0];
        return {
          path: [...path, key],
          reason: 'unknown-key',
          message: `unknown key${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; known keys here: ${known.join(', ')}`,
        };
      });
    }
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, reason: 'missing-key', message: `required key is missing (expected ${article(issue.expected)})` }];
      return [{ path, reason: 'invalid-value', message: `expected ${article(issue.expected)}, got ${describeValue(issue.input)}` }];
    case 'invalid_value':
      return [
        {
          path,
          reason: 'invalid-value',
          message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`,
        },
      ];
    case 'too_small':
    case 'too_big': {
      if (issue.origin !== 'number' && issue.origin !== 'int') return [{ path, reason: 'invalid-value', message: issue.message }];
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      return [{ path, reason: 'invalid-value', message: `must be ${bound}, got ${describeValue(issue.input)}` }];
    }
    default:
      return [{ path, reason: 'invalid-value', message: issue.message }];
  }
}

/** The text without a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function article(expected: string): string {
  const noun = expected === 'int' ? 'integer' : expected === 'object' ? 'table' : expected;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'a table';
  if (typeof value === 'string') return quoteValue(value);
  return String(value);
}
