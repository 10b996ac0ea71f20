import { buildSchema, OperationDefinitionNode, parse } from 'graphql';
import { CostLimits, documentTooComplex, operationCost } from './cost';

const schema = buildSchema(`
  type User { id: ID! name: String friends: [User!]! }
  type Edge { node: User! }
  type Page { edges: [Edge!]! }
  type Query { me: User! users(first: Int = 20): Page! many(ids: [ID!]!): [User!]! }
`);
const roomy: CostLimits = { maxCost: 1e9, maxFields: 1e9, maxAliases: 1e9 };

function cost(query: string, variables: Record<string, unknown> = {}, limits = roomy) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return operationCost(schema, document, operation, variables, limits);
}

describe(operationCost.name, () => {
  it('costs a root field 10, object fields 1 and scalars nothing, counting every field', () => {
    expect(cost('{ me { id name } }')).toEqual({ cost: 10, fields: 3, aliases: 0 });
  });

  it('multiplies a page by its size (given, from a variable, or the default) and other lists by 10', () => {
    // users: 10; edges ×n: 1 each; node: 1 each.
    expect(cost('{ users(first: 5) { edges { node { id } } } }')).toMatchObject({ cost: 10 + 5 * 2 });
    expect(cost('query($n: Int) { users(first: $n) { edges { node { id } } } }', { n: 100 })).toMatchObject({ cost: 10 + 100 * 2 });
    expect(cost('{ users { edges { node { id } } } }')).toMatchObject({ cost: 10 + 20 * 2 });
    expect(cost('{ users(first: 100000) { edges { node { id } } } }')).toMatchObject({ cost: 10 + 100 * 2 });
    expect(cost('{ me { friends { friends { id } } } }')).toMatchObject({ cost: 10 + 1 + 10 * 1 });
    expect(cost('query($ids: [ID!]!) { many(ids: $ids) { friends { id } } }', { ids: ['a', 'b', 'c'] })).toMatchObject({
      cost: 10 + 3 * 1,
    });
  });

  it('expands fragments and counts aliases', () => {
    const query = '{ a: me { ...F } b: me { ...F } } fragment F on User { friends { id } }';
    expect(cost(query)).toEqual({ cost: 2 * (10 + 1), fields: 2 + 2 * (1 + 10), aliases: 2 });
  });

  it('stops a fragment bomb at the limit instead of expanding it', () => {
    const levels = Array.from({ length: 8 }, (_, i) => `fragment F${i} on User { friends { ...F${i + 1} ...F${i + 1} } }`);
    const query = `{ me { ...F0 } } ${levels.join(' ')} fragment F8 on User { id }`;
    expect(cost(query, {}, { maxCost: 1000, maxFields: 1e9, maxAliases: 10 })).toEqual({
      tooComplex: 'The operation costs more than 1000',
    });
  });

  it('refuses past the field and alias limits', () => {
    expect(cost('{ a: me { id } b: me { id } }', {}, { ...roomy, maxAliases: 1 })).toEqual({
      tooComplex: 'The operation has more than 1 aliases',
    });
    expect(cost('{ me { id name } }', {}, { ...roomy, maxFields: 2 })).toEqual({ tooComplex: 'The operation has more than 2 fields' });
  });
});

describe(documentTooComplex.name, () => {
  it('counts fields and aliases as written', () => {
    const doc = parse('{ a: me { id } b: me { id } }');
    expect(documentTooComplex(doc, { maxAliases: 2, maxDocumentFields: 4 })).toBeNull();
    expect(documentTooComplex(doc, { maxAliases: 1, maxDocumentFields: 4 })).toMatch(/aliases/);
    expect(documentTooComplex(doc, { maxAliases: 2, maxDocumentFields: 3 })).toMatch(/fields/);
  });
});
