import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  ValidationRule,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { DomainError } from '@app/common';
import { ErrorCode } from '@app/contracts';
import { documentTooComplex } from './cost';
import { depthLimit } from './depth-limit';
import { edgeLiterals, preferEdgeErrors } from './input-guard';

/** A query text, parsed and found valid, or the errors that refuse it. */
export type CheckedDocument = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/**
 * The one set of rules every operation is validated against, on every
 * transport (the edge rule first: its errors name the field). Production
 * answers no introspection (__schema, __type; __typename stays).
 */
export function validationRules(maxDepth: number, introspection = true): readonly ValidationRule[] {
  return [edgeLiterals(), ...specifiedRules, depthLimit(maxDepth), ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
}

/** graphql-js words it "more that" (sic) in 16.x. */
const TOO_MANY_TOKENS = /Document contains more tha[nt] \d+ tokens/;
const MAX_ENTRIES = 1024;

function complexityError(message: string): GraphQLError {
  return new GraphQLError(message, { originalError: new DomainError(ErrorCode.QueryTooComplex, message) });
}
const MAX_CACHED_QUERY = 16 * 1024;

/**
 * Parsing and validating an operation cost a third of the gateway's CPU when
 * done for every operation on a socket (bench/messaging: each sendMessage is
 * one). Clients send the same few query texts over and over, and neither
 * result depends on the variables, so both are kept per query text, for HTTP
 * and WebSocket alike. The cache is bounded in entries and in the length of a
 * query kept, so odd or hostile queries cannot grow it without limit.
 */
export class DocumentCache {
  private readonly cache = new LRUCache<string, CheckedDocument>({ max: MAX_ENTRIES });

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
    /** maxTokens stops a parse early: a 140 KB document of 10,000 aliases took ~0.3 s to parse whole. */
    private readonly limits: { maxAliases: number; maxDocumentFields: number; maxTokens: number },
  ) {}

  check(query: string): CheckedDocument {
    const hit = this.cache.get(query);
    if (hit) return hit;
    let checked: CheckedDocument;
    try {
      const document = parse(query, { maxTokens: this.limits.maxTokens });
      const tooComplex = documentTooComplex(document, this.limits);
      const errors = tooComplex ? [complexityError(tooComplex)] : preferEdgeErrors(validate(this.schema, document, this.rules));
      checked = errors.length ? { errors } : { document };
    } catch (err) {
      const message = String((err as Error).message);
      if (TOO_MANY_TOKENS.test(message)) checked = { errors: [complexityError('The document is too long')] };
      else checked = { errors: [err instanceof GraphQLError ? err : new GraphQLError(message)] };
    }
    if (query.length <= MAX_CACHED_QUERY) this.cache.set(query, checked);
    return checked;
  }
}
