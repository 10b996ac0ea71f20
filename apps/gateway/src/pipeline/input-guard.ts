import {
  ASTNode,
  DocumentNode,
  getNamedType,
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  OperationDefinitionNode,
  typeFromAST,
  ValidationContext,
  ValidationRule,
  ValueNode,
  visit,
} from 'graphql';
import { DomainError } from '@app/common';
import { badInput, scalarProblem, stringProblem } from './input-rules';

type Parent = ASTNode | readonly ASTNode[] | undefined;

/** The argument or input field a node sits in: its parent or the nearest of its ancestors (which graphql-js lists without the parent). */
function fieldOf(parent: Parent, ancestors: readonly (ASTNode | readonly ASTNode[])[]): string | undefined {
  const chain = [...ancestors, parent];
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i] as ASTNode | undefined;
    if (!node) continue;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) return node.name.value;
  }
  return undefined;
}

/**
 * The edge rule (input-rules.ts) for values written in the document itself,
 * checked once per query text with the other validation rules. It runs first,
 * so its error, which names the field, is the one a client reads first.
 */
export function edgeLiterals(): ValidationRule {
  return (context: ValidationContext) => {
    const check = (node: ValueNode, parent: Parent, ancestors: readonly (ASTNode | readonly ASTNode[])[]) => {
      const type = context.getInputType();
      if (!type) return;
      const named = getNamedType(type);
      const problem = (node.kind === Kind.STRING ? stringProblem(node.value, named) : null) ?? scalarProblem(named, undefined, node);
      if (!problem) return;
      const field = fieldOf(parent, ancestors) ?? named.name;
      context.reportError(new GraphQLError(badInput(field, problem).message, { nodes: [node], originalError: badInput(field, problem) }));
    };
    return {
      StringValue: (node, _key, parent, _path, ancestors) => check(node, parent, ancestors),
      IntValue: (node, _key, parent, _path, ancestors) => check(node, parent, ancestors),
      FloatValue: (node, _key, parent, _path, ancestors) => check(node, parent, ancestors),
    };
  };
}

/**
 * graphql-js's own rules report a literal a scalar refused too, without the
 * field: where the edge rule named the field of a node, that error stands alone.
 */
export function preferEdgeErrors(errors: readonly GraphQLError[]): readonly GraphQLError[] {
  const named = new Set(errors.filter((e) => e.originalError instanceof DomainError).flatMap((e) => e.nodes ?? []));
  if (!named.size) return errors;
  return errors.filter((e) => e.originalError instanceof DomainError || !(e.nodes ?? []).some((n) => named.has(n)));
}

/**
 * The edge rule for an operation's variables, checked on every run before
 * anything executes. Each variable is named by the argument or input field it
 * is passed to (`sendMessage(input: $i)` with a bad `$i.text` names `text`).
 */
export class VariableGuard {
  private readonly variables: { name: string; type: GraphQLInputType; field: string }[] = [];

  constructor(schema: GraphQLSchema, document: DocumentNode, definition: OperationDefinitionNode) {
    const usedAs = new Map<string, string>();
    const note = (root: ASTNode) =>
      visit(root, {
        Variable(node, _key, parent, _path, ancestors) {
          const field = (parent as ASTNode | undefined)?.kind === Kind.VARIABLE_DEFINITION ? undefined : fieldOf(parent, ancestors);
          if (field && !usedAs.has(node.name.value)) usedAs.set(node.name.value, field);
        },
      });
    note(definition);
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) note(def);
    for (const def of definition.variableDefinitions ?? []) {
      const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
      const name = def.variable.name.value;
      if (type) this.variables.push({ name, type, field: usedAs.get(name) ?? name });
    }
  }

  /** The first value refused, as the error to answer; null when every value passes. */
  check(values: Record<string, unknown> | null | undefined): DomainError | null {
    if (!values) return null;
    for (const v of this.variables) {
      const problem = walk(values[v.name], v.type, v.field);
      if (problem) return problem;
    }
    return null;
  }
}

function walk(value: unknown, type: GraphQLInputType, field: string): DomainError | null {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return walk(value, type.ofType, field);
  if (isListType(type)) {
    if (!Array.isArray(value)) return walk(value, type.ofType, field);
    for (const item of value) {
      const problem = walk(item, type.ofType, field);
      if (problem) return problem;
    }
    return null;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    const fields = type.getFields();
    for (const [name, given] of Object.entries(value as Record<string, unknown>)) {
      const problem = Object.hasOwn(fields, name) ? walk(given, fields[name].type, name) : null;
      if (problem) return problem;
    }
    return null;
  }
  const problem = (typeof value === 'string' ? stringProblem(value, type) : null) ?? scalarProblem(type, value);
  return problem ? badInput(field, problem) : null;
}
