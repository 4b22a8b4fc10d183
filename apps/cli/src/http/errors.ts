import type { FastifyReply } from 'fastify';

/** The stable codes of the API's errors, one per HTTP status it answers with. */
export const ERROR_CODES = {
  400: 'bad-request',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  426: 'upgrade-required',
  429: 'too-many-requests',
  431: 'headers-too-large',
  500: 'internal',
  503: 'unavailable',
} as const;

/** A status the API answers errors with. */
export type ErrorStatus = keyof typeof ERROR_CODES;

/** The body of every error the API returns: a stable code and a sentence for people (never the client's input). */
export interface ApiError {
  readonly error: (typeof ERROR_CODES)[ErrorStatus];
  readonly message: string;
}

/** The documented error body for a status; a status the API does not name becomes 400 or 500 by its class. */
export function apiError(status: number, message: string): { status: ErrorStatus; body: ApiError } {
  const known: ErrorStatus = status in ERROR_CODES ? (status as ErrorStatus) : status < 500 ? 400 : 500;
  return { status: known, body: { error: ERROR_CODES[known], message } };
}

/** Sends a JSON error with its status. */
export function sendError(reply: FastifyReply, status: ErrorStatus, message: string): FastifyReply {
  const { body } = apiError(status, message);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
