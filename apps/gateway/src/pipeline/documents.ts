import { DocumentNode, GraphQLError, GraphQLSchema, parse, specifiedRules, validate, ValidationRule } from 'graphql';
import { LRUCache } from 'lru-cache';
import { depthLimit } from './depth-limit';
import { edgeLiterals, preferEdgeErrors } from './input-guard';

/** A query text, parsed and found valid, or the errors that refuse it. */
export type CheckedDocument = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/** The one set of rules every operation is validated against, on every transport (the edge rule first: its errors name the field). */
export function validationRules(maxDepth: number): readonly ValidationRule[] {
  return [edgeLiterals(), ...specifiedRules, depthLimit(maxDepth)];
}

const MAX_ENTRIES = 1024;
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
  ) {}

  check(query: string): CheckedDocument {
    const hit = this.cache.get(query);
    if (hit) return hit;
    let checked: CheckedDocument;
    try {
      const document = parse(query);
      const errors = preferEdgeErrors(validate(this.schema, document, this.rules));
      checked = errors.length ? { errors } : { document };
    } catch (err) {
      checked = { errors: [err instanceof GraphQLError ? err : new GraphQLError(String((err as Error).message))] };
    }
    if (query.length <= MAX_CACHED_QUERY) this.cache.set(query, checked);
    return checked;
  }
}
