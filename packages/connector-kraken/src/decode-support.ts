import { DecodeError, type Level } from '@lob/core';

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object that is not an array or null. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A DecodeError for a frame of the right syntax but the wrong shape. */
export function malformed(message: string, pair: string | undefined): DecodeError {
  return new DecodeError('malformed-frame', message, pair);
}

/** Parses a CRC32 as Kraken writes it (v1 a string, v2 a number: both decimal digits) into an unsigned integer. */
export function parseChecksum(text: string, pair: string): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) throw malformed(`checksum "${text}" is not an unsigned 32-bit integer`, pair);
  return Number(text);
}

/**
 * Runs one decoder so that nothing but DecodeError escapes it: a decoder bug on a hostile frame must cost one
 * pair a resync, never the connection's reader. `hint` names the pair a broken frame is about, when it can.
 */
export function decodeGuarded<T>(frame: string, hint: (frame: string) => string | undefined, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError('malformed-frame', `frame could not be decoded: ${(error as Error)?.message ?? String(error)}`, safeHint(frame, hint), { cause: error });
  }
}

function safeHint(frame: string, hint: (frame: string) => string | undefined): string | undefined {
  try {
    return hint(frame);
  } catch {
    return undefined;
  }
}

/** An empty side, shared so a one-sided update does not allocate. */
export const NO_LEVELS: readonly Level[] = Object.freeze([]);
