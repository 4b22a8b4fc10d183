const WHOLE_SECONDS = /^\s*\d+\s*$/;

/** `Retry-After` in ms when it is whole seconds; undefined when missing or in any other form (an HTTP date). */
export function retryAfterMsOf(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && WHOLE_SECONDS.test(text) ? Number(text) * 1000 : undefined;
}
