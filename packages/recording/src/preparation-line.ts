/**
 * A connector's preparation (Connector.preparation) as a timeline line: `{"lob.preparation":"<text>"}`. Frames are
 * exchange JSON and snapshot bodies exchange REST answers; no exchange sends an object whose first key is
 * `lob.preparation`, so the line is never taken for either (nor either for it).
 */
const PREFIX = '{"lob.preparation":';

/** The timeline line carrying a connector's preparation text. */
export function preparationLine(text: string): string {
  return `${PREFIX}${JSON.stringify(text)}}`;
}

/** The preparation text a recorded line carries, or undefined when it is a frame or snapshot body. */
export function readPreparationLine(raw: string): string | undefined {
  if (!raw.startsWith(PREFIX)) return undefined;
  try {
    const text = (JSON.parse(raw) as Record<string, unknown>)['lob.preparation'];
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
