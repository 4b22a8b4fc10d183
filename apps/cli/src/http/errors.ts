import type { FastifyReply } from 'fastify';

/** The body of every error the API returns: a stable code and a sentence for people. */
export interface ApiError {
  readonly error: 'bad-request' | 'not-found' | 'upgrade-required' | 'internal';
  readonly message: string;
}

/** Sends a JSON error with its status. */
export function sendError(reply: FastifyReply, status: 400 | 404 | 426 | 500, message: string): FastifyReply {
  const error: ApiError['error'] = status === 400 ? 'bad-request' : status === 404 ? 'not-found' : status === 426 ? 'upgrade-required' : 'internal';
  return reply.code(status).type('application/json; charset=utf-8').send({ error, message } satisfies ApiError);
}
