/** Response headers as undici and node:http hand them over. */
export type Headers = Record<string, string | string[] | undefined>;

const WHOLE_SECONDS = /^\s*\d+\s*$/;
// An IMF-fixdate (RFC 9110), the form HTTP dates are sent in: Date.parse alone would also take "1.5" or "-5".
const HTTP_DATE = /^\s*[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\s*$/;

/** The first value of a header that may be repeated. */
export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `Retry-After` in ms: whole seconds, or an HTTP date counted from `now`. Missing, empty or unreadable is undefined,
 * never 0, so a caller falls back to its own pause; a "0" stays 0 (a limiter's floor keeps it from meaning "now").
 */
export function retryAfterMsOf(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = headerText(value);
  if (text === undefined || text.trim() === '') return undefined;
  if (WHOLE_SECONDS.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
