import { isIP } from 'node:net';
import { quoteValue } from './quote-value.js';

/** Where the HTTP API listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Host used when `--http` names only a port. */
export const DEFAULT_HTTP_HOST = '127.0.0.1';

/** Parses `HOST:PORT`, `[v6]:PORT`, `:PORT` or `PORT` (port 0 picks a free one); returns an error message instead when invalid. */
export function parseListenAddress(text: string): ListenAddress | { error: string } {
  const value = text.trim();
  let host = DEFAULT_HTTP_HOST;
  let port = value;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(value);
  if (v6 !== null) {
    host = v6[1] as string;
    port = v6[2] as string;
  } else if (value.includes(':')) {
    const colon = value.lastIndexOf(':');
    host = value.slice(0, colon) || DEFAULT_HTTP_HOST;
    port = value.slice(colon + 1);
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    return { error: `expected HOST:PORT with a port from 0 to 65535 (0 picks a free port), got ${quoteValue(text)}` };
  }
  const hostProblem = v6 !== null ? (isIP(host) === 6 ? undefined : 'is not an IPv6 address') : checkHost(host);
  if (hostProblem !== undefined) return { error: `${quoteValue(host)} ${hostProblem}` };
  return { host, port: Number(port) };
}

/**
 * Why a host cannot be listened on, checked before any lookup: an IPv4 address with octets up to 255, or a host
 * name of dot-separated labels (letters, digits, inner hyphens, 1 to 63 characters; 253 in all). `a..b`, `-x` and
 * `999.1.1.1` used to reach the resolver and end in a stack trace.
 */
function checkHost(host: string): string | undefined {
  if (isIP(host) !== 0) return undefined;
  if (/^[0-9.]+$/.test(host)) return 'is not an IPv4 address (four numbers from 0 to 255)';
  const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (host.length > 253 || !host.split('.').every((l) => label.test(l))) return 'is not a host name or IP address';
  return undefined;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
