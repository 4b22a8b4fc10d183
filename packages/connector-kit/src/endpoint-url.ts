import { ConfigError } from '@lob/core';

const SCHEMES = { rest: ['http:', 'https:'], ws: ['ws:', 'wss:'] } as const;

/**
 * A connector's configured endpoint, checked: the URL as given (a REST base without its trailing slash, since
 * paths are appended to it) when it parses and has the scheme of its kind; a ConfigError naming `key` otherwise.
 */
export function endpointUrl(value: string, kind: 'rest' | 'ws', key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('invalid-value', `${key}: ${JSON.stringify(value)} is not a URL`, { key });
  }
  const schemes: readonly string[] = SCHEMES[kind];
  if (!schemes.includes(url.protocol)) {
    throw new ConfigError('invalid-value', `${key}: expected a ${schemes.map((p) => `${p}//`).join(' or ')} URL, got ${JSON.stringify(value)}`, { key });
  }
  return kind === 'rest' && value.endsWith('/') ? value.slice(0, -1) : value;
}
