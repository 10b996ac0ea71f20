import { randomUUID } from 'node:crypto';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Logger } from 'pino';
import { DomainError } from '@app/common';
import { ErrorCode } from '@app/contracts';
import { contractCode } from './error-codes';

export const DEPTH_ERROR = /exceeds maximum operation depth/;

/**
 * Every GraphQL error leaves with the contract's `extensions.code`. Domain
 * errors keep their message and details; a GraphQL syntax or validation error
 * is the client's (BAD_USER_INPUT, or QUERY_TOO_COMPLEX for depth); anything
 * else is INTERNAL with an id that is logged with the real error, so neither a
 * stack trace nor SQL ever reaches a client.
 */
export function formatError(error: GraphQLError, logger: Logger): GraphQLFormattedError {
  const base = { message: error.message, locations: error.locations, path: error.path };
  const domain = domainErrorIn(error);
  if (domain) {
    return { ...base, message: domain.message, extensions: { code: contractCode(domain.code), ...domain.extra } };
  }
  // A bad variable value is wrapped twice by graphql-js ("Variable $x got invalid
  // value" ← "Expected type Int" ← the scalar's own error), all GraphQLErrors and
  // without a path, as the request was never executed: the client's, like a syntax error.
  if (!error.originalError || (!error.path && innermost(error) instanceof GraphQLError)) {
    if (DEPTH_ERROR.test(error.message)) return { ...base, extensions: { code: contractCode(ErrorCode.QueryTooComplex) } };
    return { ...base, extensions: { code: contractCode(ErrorCode.BadUserInput) } };
  }
  const errorId = randomUUID();
  logger.error({ err: error.originalError, errorId, path: error.path }, 'unexpected error in a resolver');
  return { ...base, message: `Internal error (${errorId})`, extensions: { code: contractCode(ErrorCode.Internal), errorId } };
}

/** The DomainError a GraphQL error wraps, however deep (a scalar's parseValue inside a variable's coercion is two levels down). */
function domainErrorIn(error: Error): DomainError | undefined {
  for (let e: Error | undefined = error, depth = 0; e && depth < 8; e = (e as GraphQLError).originalError ?? undefined, depth++) {
    if (e instanceof DomainError) return e;
  }
  return undefined;
}

function innermost(error: GraphQLError): Error {
  let e: Error = error;
  for (let depth = 0; depth < 8 && e instanceof GraphQLError && e.originalError; depth++) e = e.originalError;
  return e;
}
