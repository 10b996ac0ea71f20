import 'reflect-metadata';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { DEPTH_ERROR } from './format-error';
import { depthLimit } from './depth-limit';

const schema = buildSchema(`type User { id: ID, friend: User } type Query { me: User }`);
const errors = (query: string, max: number) => validate(schema, parse(query), [...specifiedRules, depthLimit(max)]).map((e) => e.message);

describe('depthLimit', () => {
  it('counts root fields as depth 0 and refuses past the limit with the QUERY_TOO_COMPLEX message', () => {
    expect(errors('{ me { id } }', 1)).toEqual([]);
    const refused = errors('{ me { friend { id } } }', 1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(DEPTH_ERROR);
    expect(errors('{ me { friend { id } } }', 2)).toEqual([]);
  });

  it('counts through named and inline fragments', () => {
    expect(errors('{ me { ...F } } fragment F on User { friend { id } }', 1)).toHaveLength(1);
    expect(errors('{ me { ... on User { friend { id } } } }', 1)).toHaveLength(1);
  });

  it('ignores introspection fields', () => {
    expect(errors('{ __schema { types { fields { type { name } } } } }', 1)).toEqual([]);
  });

  it('leaves unknown fragments and fragment cycles to the standard rules instead of throwing', () => {
    expect(errors('{ me { ...Missing } }', 3)).toEqual(['Unknown fragment "Missing".']);
    const cycle = errors('{ me { ...A } } fragment A on User { id ...B } fragment B on User { ...A }', 3);
    expect(cycle.some((m) => /Cannot spread fragment "A" within itself/.test(m))).toBe(true);
    expect(cycle.some((m) => DEPTH_ERROR.test(m))).toBe(false);
  });

  it('stays linear when fragments are spread many times', () => {
    const levels = Array.from({ length: 30 }, (_, i) => `fragment F${i} on User { friend { ...F${i + 1} ...F${i + 1} ...F${i + 1} } }`);
    const query = `{ me { ...F0 } } ${levels.join(' ')} fragment F30 on User { id }`;
    expect(errors(query, 100)).toEqual([]);
    expect(errors(query, 10)).toHaveLength(1);
  });
});
