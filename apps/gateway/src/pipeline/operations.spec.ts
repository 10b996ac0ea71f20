import { buildSchema, parse } from 'graphql';
import { CostLimits } from './cost';
import { OperationCache } from './operations';

const schema = buildSchema(`
  type User { id: ID! friends: [User!]! }
  type Edge { node: User! }
  type Page { edges: [Edge!]! }
  input Filter { name: String }
  type Query { me: User! users(first: Int = 20, filter: Filter): Page! many(ids: [ID!]!): [User!]! }
`);
const limits: CostLimits = { maxCost: 1e9, maxFields: 1e9, maxAliases: 1e9 };

function operation(query: string) {
  const op = new OperationCache(schema).get(parse(query), undefined);
  if (op instanceof Error) throw op;
  return op;
}

describe('Operation.cost', () => {
  it('follows the variables run by run when the cost reads them (page sizes, list lengths)', () => {
    const paged = operation('query($n: Int) { users(first: $n) { edges { node { id } } } }');
    expect(paged.cost({ n: 5 }, limits)).toMatchObject({ cost: 10 + 5 * 2 });
    expect(paged.cost({ n: 100 }, limits)).toMatchObject({ cost: 10 + 100 * 2 });
    expect(paged.cost({ n: 5 }, limits)).toMatchObject({ cost: 10 + 5 * 2 });
    const listed = operation('query($ids: [ID!]!) { many(ids: $ids) { friends { id } } }');
    expect(listed.cost({ ids: ['a'] }, limits)).not.toEqual(listed.cost({ ids: ['a', 'b', 'c'] }, limits));
  });

  it('is the same for every run when it reads no variable, and still honours other limits', () => {
    const fixed = operation('query($f: Filter) { users(filter: $f) { edges { node { id } } } me { id } }');
    const first = fixed.cost({ f: { name: 'a' } }, limits);
    expect(fixed.cost({ f: null }, limits)).toEqual(first);
    expect(fixed.cost({ f: { name: 'a' } }, { ...limits, maxCost: 5 })).toEqual({ tooComplex: 'The operation costs more than 5' });
  });
});
