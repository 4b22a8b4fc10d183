/** Response headers as undici and node:http hand them over. */
export type Headers = Record<string, string | string[] | undefined>;

const WHOLE_SECONDS = /^\s*\d+\s*$/;

/**
 * `Retry-After` in ms: whole seconds, or an HTTP date counted from `now`. Missing or unreadable is undefined,
 * never 0, so a caller falls back to its own pause.
 */
export function retryAfterMsOf(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (WHOLE_SECONDS.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
