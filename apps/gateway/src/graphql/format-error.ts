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
  const original = error.originalError;
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: contractCode(original.code), ...original.extra } };
  }
  if (original instanceof GraphQLError && original.originalError instanceof DomainError) {
    return formatError(original, logger);
  }
  if (!original) {
    if (DEPTH_ERROR.test(error.message)) return { ...base, extensions: { code: contractCode(ErrorCode.QueryTooComplex) } };
    return { ...base, extensions: { code: contractCode(ErrorCode.BadUserInput) } };
  }
  const errorId = randomUUID();
  logger.error({ err: original, errorId, path: error.path }, 'unexpected error in a resolver');
  return { ...base, message: `Internal error (${errorId})`, extensions: { code: contractCode(ErrorCode.Internal), errorId } };
}
