import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';

/**
 * Refuses operations nested deeper than maxDepth (root fields are depth 0, as
 * graphql-depth-limit counted, so MAX_QUERY_DEPTH keeps its meaning). Replaces
 * that package, which threw on an unknown fragment and recursed forever on a
 * fragment cycle, turning a client's mistake into INTERNAL: here both are
 * skipped and left to the standard rules (KnownFragmentNames,
 * NoFragmentCycles). A fragment's depth is computed once, so fragments spread
 * many times cannot make validation exponential. The message matches
 * DEPTH_ERROR, which maps it to QUERY_TOO_COMPLEX.
 */
export function depthLimit(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const known = new Map<string, number>();
    const visiting = new Set<string>();

    /** How many levels of fields lie below this selection set's own fields. */
    const below = (set: SelectionSetNode): number => {
      let depth = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.selectionSet && !selection.name.value.startsWith('__')) depth = Math.max(depth, 1 + below(selection.selectionSet));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          depth = Math.max(depth, below(selection.selectionSet));
        } else {
          depth = Math.max(depth, fragmentDepth(selection.name.value));
        }
      }
      return depth;
    };
    const fragmentDepth = (name: string): number => {
      const cached = known.get(name);
      if (cached !== undefined) return cached;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) return 0;
      visiting.add(name);
      const depth = below(fragment.selectionSet);
      visiting.delete(name);
      known.set(name, depth);
      return depth;
    };

    return {
      OperationDefinition(node) {
        if (below(node.selectionSet) > maxDepth) {
          context.reportError(
            new GraphQLError(`'${node.name?.value ?? ''}' exceeds maximum operation depth of ${maxDepth}`, { nodes: [node] }),
          );
        }
      },
    };
  };
}
