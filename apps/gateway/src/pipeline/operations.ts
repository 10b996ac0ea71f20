import { DocumentNode, getVariableValues, GraphQLError, GraphQLSchema, OperationDefinitionNode, OperationTypeNode } from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { DomainError } from '@app/common';
import { Cost, CostLimits, operationCost } from './cost';
import { VariableGuard } from './input-guard';

/** One operation of a checked document, as the pipeline runs it again and again. */
export class Operation {
  /** query, mutation or subscription. */
  readonly kind: OperationTypeNode;
  /** The root fields it touches: the metrics label (bounded by the schema, unlike operation names). */
  readonly label: string;
  private runs = 0;
  private jit: CompiledQuery | null = null;
  private guard?: VariableGuard;
  /** The cost, once known not to depend on the variables (most operations), for the limits it was computed under. */
  private fixedCost?: { limits: CostLimits; cost: Cost };

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly document: DocumentNode,
    readonly definition: OperationDefinitionNode,
  ) {
    this.kind = definition.operation;
    this.label = rootFieldsOf(definition);
  }

  /**
   * Compiled by graphql-jit from its second run on (a query sent once is not
   * worth compiling); null until then. What jit cannot compile runs on
   * graphql-js, which answers it with the same errors.
   */
  compiled(): CompiledQuery | null {
    if (!this.jit && ++this.runs === 2) {
      const result = compileQuery(this.schema, this.document, this.definition.name?.value);
      if (isCompiledQuery(result)) this.jit = result;
    }
    return this.jit;
  }

  /** The edge rule on this run's variables (see input-rules.ts): the first value refused, or null. */
  refusedInput(variables: Record<string, unknown> | null | undefined): DomainError | null {
    this.guard ??= new VariableGuard(this.schema, this.document, this.definition);
    return this.guard.check(variables);
  }

  /** What this run would cost, with this run's variables (page sizes), or why it is too complex. */
  cost(variables: Record<string, unknown> | null | undefined, limits: CostLimits): Cost {
    if (this.fixedCost?.limits === limits) return this.fixedCost.cost;
    let read = false;
    // Whether the walk reads any variable (a page size, a list's length); if not, every run costs the same.
    const watched = new Proxy(variables ?? {}, {
      get: (target, key) => {
        read = true;
        return Reflect.get(target, key);
      },
    });
    const cost = operationCost(this.schema, this.document, this.definition, watched, limits);
    if (!read) this.fixedCost = { limits, cost };
    return cost;
  }

  /** Why variables do not fit the operation, in graphql-js's words (graphql-jit has its own), or undefined when they do. */
  variableErrors(variables: Record<string, unknown> | null | undefined): readonly GraphQLError[] | undefined {
    return getVariableValues(this.schema, this.definition.variableDefinitions ?? [], variables ?? {}).errors;
  }
}

/**
 * The operations of each cached document, by operation name, so that a query
 * text sent again finds its operation and its compiled form at once. Keyed by
 * the document, so they go when the document cache lets it go.
 */
export class OperationCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Operation>>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** The operation to run, or why there is none (graphql-js's own messages). */
  get(document: DocumentNode, operationName: string | null | undefined): Operation | GraphQLError {
    let operations = this.byDocument.get(document);
    if (!operations) this.byDocument.set(document, (operations = new Map()));
    const name = operationName ?? '';
    const known = operations.get(name);
    if (known) return known;
    // Only operations the document has are kept: names a client makes up cannot grow the map.
    const selected = this.select(document, operationName);
    if (selected instanceof Operation) operations.set(name, selected);
    return selected;
  }

  private select(document: DocumentNode, operationName: string | null | undefined): Operation | GraphQLError {
    const definitions = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    if (operationName) {
      const named = definitions.find((d) => d.name?.value === operationName);
      return named ? new Operation(this.schema, document, named) : new GraphQLError(`Unknown operation named "${operationName}".`);
    }
    if (definitions.length === 1) return new Operation(this.schema, document, definitions[0]);
    return new GraphQLError(
      definitions.length ? 'Must provide operation name if query contains multiple operations.' : 'Must provide an operation.',
    );
  }
}

function rootFieldsOf(definition: OperationDefinitionNode): string {
  const fields = definition.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : '…'));
  return `${definition.operation}:${[...new Set(fields)].sort().join(',')}`.slice(0, 120);
}
