import { GraphQLError, GraphQLFormattedError, OperationDefinitionNode, DocumentNode } from 'graphql';
import { Logger } from 'pino';
import { formatError } from './format-error';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

export function acceptsGraphQLResponseJson(accept: string | undefined): boolean {
  return !!accept && accept.includes(GRAPHQL_RESPONSE_JSON);
}

/** The root fields an operation touches, as the metrics label (bounded by the schema, unlike operation names). */
export function rootFieldsOf(document: DocumentNode): string {
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  if (!op) return 'unknown';
  const fields = op.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : '…'));
  return `${op.operation}:${[...new Set(fields)].sort().join(',')}`.slice(0, 120);
}

interface Execution {
  data?: unknown;
  errors: Array<GraphQLError & { originalError?: Error & { errors?: GraphQLError[]; statusCode?: number; code?: string } }>;
}

interface FormatterContext {
  reply?: {
    request?: { method?: string; headers?: Record<string, string | undefined>; query?: unknown; body?: unknown };
    header?: (name: string, value: string) => unknown;
  };
}

/** A GraphQL-over-HTTP request carries its document as a string in `query` (of the URL for GET, of the JSON body for POST). */
function wellFormed(request: NonNullable<FormatterContext['reply']>['request']): boolean {
  if (!request) return true;
  const params = request.method === 'GET' ? request.query : request.body;
  return !!params && typeof params === 'object' && typeof (params as { query?: unknown }).query === 'string';
}

const BAD_USER_INPUT = 'BAD_USER_INPUT';

/**
 * Mercurius's error formatter, per the GraphQL-over-HTTP spec: an executed
 * operation answers 200 whatever its errors; a well-formed request that could
 * not be executed (syntax, validation, depth) answers 400 to clients that
 * accept application/graphql-response+json and 200 to legacy application/json
 * ones. Whatever the media type: a request that is not a GraphQL request at
 * all (no query, variables that are not JSON) is 400, a mutation over GET is
 * 405 with `Allow: POST`, and errors the HTTP layer raised (a body too large)
 * keep their status.
 */
export function mercuriusErrorFormatter(logger: Logger) {
  return (execution: Execution, context: FormatterContext) => {
    // No query string at all (mercurius then reports a persisted "Unknown query",
    // which would surface as INTERNAL): not a GraphQL-over-HTTP request, 400 whatever
    // the media type. A body fastify refused (too large, not JSON) keeps its own answer.
    const httpLayerError = execution.errors.some((e) => e.originalError?.code?.startsWith('FST_'));
    if (!httpLayerError && !wellFormed(context?.reply?.request)) {
      return {
        statusCode: 400,
        response: {
          errors: [{ message: 'A GraphQL request needs its document as a string in "query"', extensions: { code: BAD_USER_INPUT } }],
        },
      };
    }
    let httpStatus: number | undefined;
    const errors: GraphQLFormattedError[] = [];
    for (const error of execution.errors) {
      const original = error.originalError;
      // Mercurius refuses a non-query operation over GET; its own message and 405 were lost below.
      if (original?.code === 'MER_ERR_METHOD_NOT_ALLOWED') {
        httpStatus = 405;
        context?.reply?.header?.('allow', 'POST');
        errors.push({ message: 'Only queries may be sent with GET; send mutations with POST', extensions: { code: BAD_USER_INPUT } });
        continue;
      }
      const nested = original?.errors;
      if (Array.isArray(nested)) {
        for (const e of nested)
          errors.push(formatError(e instanceof GraphQLError ? e : new GraphQLError(String((e as Error).message)), logger));
        continue;
      }
      // Variables or extensions in a GET URL that are not JSON (a SyntaxError tagged by mercurius): the client's, not INTERNAL.
      if (original?.code === 'MER_ERR_GQL_VALIDATION') {
        httpStatus = 400;
        errors.push({ message: 'variables and extensions must be JSON objects', extensions: { code: BAD_USER_INPUT } });
        continue;
      }
      const status = original?.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500 && original?.code?.startsWith('FST_')) {
        httpStatus = status;
        errors.push({ message: error.message, extensions: { code: BAD_USER_INPUT } });
        continue;
      }
      errors.push(formatError(error, logger));
    }
    const executed = 'data' in execution;
    const accept = context?.reply?.request?.headers?.accept;
    const statusCode = httpStatus ?? (executed ? 200 : acceptsGraphQLResponseJson(accept) ? 400 : 200);
    return { statusCode, response: executed ? { data: execution.data ?? null, errors } : { errors } };
  };
}
