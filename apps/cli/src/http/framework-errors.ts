import type { FastifyError } from 'fastify';
import { apiError, type ApiError, type ErrorStatus } from './errors.js';
import { DEFAULT_HTTP_LIMITS } from './limits.js';

/**
 * Sentences for the framework's own errors. Fixed text on purpose: fastify's messages quote the URL, the media type
 * or the body, and an error must never echo a client's input back (a 414 used to return the whole URL).
 */
const FRAMEWORK_MESSAGES: Partial<Record<ErrorStatus, string>> = {
  400: 'the request is malformed',
  408: 'the request took too long to arrive',
  413: 'the request body is too large: no route of this API takes a body',
  414: 'a path segment is too long',
  415: 'no route of this API takes a body of this media type',
  429: 'too many requests from this address: retry after the seconds in retry-after',
  431: 'the request headers are too large',
  503: 'the server is shutting down',
};

/** A few words per failed schema keyword; AJV's own text may be worded for schemas, not people. */
const PARAMETER_HINTS: Readonly<Record<string, string>> = {
  depth: `depth must be an integer from 1 to ${DEFAULT_HTTP_LIMITS.maxDepth}, or "all"`,
};

/** Turns any error thrown while serving a request (validation, body parsing, limits, a bug) into the documented shape. */
export function describeError(error: FastifyError): { status: ErrorStatus; body: ApiError } {
  if (error.validation !== undefined) return apiError(400, validationMessage(error));
  const status = error.statusCode ?? 500;
  if (status >= 500 && status !== 503) return apiError(500, 'internal error');
  const known = apiError(status, '');
  return apiError(known.status, FRAMEWORK_MESSAGES[known.status] ?? 'the request cannot be served');
}

/** "querystring.depth: ..." from the first failed rule, naming the parameter but never quoting its value. */
function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  const where = error.validationContext ?? 'request';
  const field = (first?.instancePath ?? '').replace(/^\//, '').split('/')[0] ?? '';
  if (field === '') return `${where}: ${first?.message ?? 'invalid'}`;
  return PARAMETER_HINTS[field] ?? `${where}.${field} ${first?.message ?? 'is invalid'}`;
}
