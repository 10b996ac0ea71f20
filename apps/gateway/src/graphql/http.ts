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
  errors: Array<GraphQLError & { originalError?: Error & { errors?: GraphQLError[]; statusCode?: number } }>;
}

/**
 * Mercurius's error formatter, per the GraphQL-over-HTTP spec: an executed
 * operation answers 200 whatever its errors; a request that could not be
 * executed (syntax, validation, depth) answers 400 to clients that accept
 * application/graphql-response+json and 200 to legacy application/json ones.
 * Errors the HTTP layer raised (a body too large) keep their status.
 */
export function mercuriusErrorFormatter(logger: Logger) {
  return (execution: Execution, context: { reply?: { request?: { headers?: Record<string, string | undefined> } } }) => {
    let httpStatus: number | undefined;
    const errors: GraphQLFormattedError[] = [];
    for (const error of execution.errors) {
      const nested = error.originalError?.errors;
      if (Array.isArray(nested)) {
        for (const e of nested) errors.push(formatError(e instanceof GraphQLError ? e : new GraphQLError(String((e as Error).message)), logger));
        continue;
      }
      const status = error.originalError?.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500 && (error.originalError as { code?: string })?.code?.startsWith('FST_')) {
        httpStatus = status;
        errors.push({ message: error.message, extensions: { code: 'BAD_USER_INPUT' } });
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
