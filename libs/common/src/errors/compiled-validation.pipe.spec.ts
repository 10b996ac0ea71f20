import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import * as contracts from '@app/contracts';
import { DomainError } from './domain-error';
import { createValidationPipe } from './validation';
import { compile, CompiledValidationPipe } from './compiled-validation.pipe';

// The services' side (createService): the same comparison as the gateway's spec, over every payload class of
// libs/contracts, as a service receives it (@Payload: Nest's RPC param type 3).
const fallback = createValidationPipe();
const pipe = new CompiledValidationPipe(fallback);
const meta = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 3 as unknown as 'body', metatype });

/** What a pipe answers: the value it returns, or the error it throws. */
async function outcome(p: { transform(v: unknown, m: ArgumentMetadata): unknown }, value: unknown, m: ArgumentMetadata) {
  try {
    const v = await p.transform(structuredClone(value), m);
    return { ok: v as object, ctor: (v as object)?.constructor };
  } catch (err) {
    return { error: err instanceof DomainError ? `${err.code}: ${err.message}` : String(err) };
  }
}

/** Every class of libs/contracts that carries class-validator rules. */
function contractClasses(): Array<new () => object> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown[]> };
  const exported = new Set<unknown>(Object.values(contracts));
  return [...storage.validationMetadatas.keys()].filter((k): k is new () => object => typeof k === 'function' && exported.has(k));
}

const long = 'x'.repeat(300);
const CANDIDATES: unknown[] = [
  undefined,
  null,
  '',
  'a',
  'abc',
  long,
  '۱۲۳',
  0,
  1,
  5,
  20,
  100,
  101,
  -1,
  1.5,
  true,
  [],
  ['a'],
  [long],
  [1],
  { a: 1 },
];

/** Deterministic pseudo-random values for a class: each property drawn from the candidates, plus an unknown key now and then. */
function valuesFor(cls: new () => object, count: number): Array<Record<string, unknown>> {
  const grouped = getMetadataStorage().groupByPropertyName(getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false));
  const props = Object.keys(grouped);
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < count; i++) {
    const v: Record<string, unknown> = {};
    for (const p of props) {
      // Mostly values that pass its rules, so the precompiled path is exercised.
      const pick = next() % 10 === 0 ? CANDIDATES[next() % CANDIDATES.length] : likely(grouped[p]);
      if (pick !== undefined || next() % 2) v[p] = pick;
    }
    if (next() % 4 === 0) v.notAField = 'dropped';
    out.push(v);
  }
  return out;
}

/** A value a property's rules probably accept. */
function likely(rules: Array<{ name?: string; constraints: unknown[]; each?: boolean }>): unknown {
  const rule = (name: string) => rules.find((r) => r.name === name);
  const names = new Set(rules.map((r) => r.name));
  const isIn = rule('isIn');
  const isEnum = rule('isEnum');
  const min = Number(rule('minLength')?.constraints[0] ?? rule('isLength')?.constraints[0] ?? 2);
  let one: unknown = 'a'.repeat(Math.max(2, min));
  if (isIn) one = (isIn.constraints[0] as unknown[])[0];
  else if (isEnum) one = Object.values(isEnum.constraints[0] as object)[0];
  else if (names.has('isUuid')) one = '3f1c2b9e-8d4a-4c6e-9b1a-2f5d7e8c9a0b';
  else if (names.has('isInt') || names.has('isNumber') || names.has('min')) one = Math.max(5, Number(rule('min')?.constraints[0] ?? 0));
  else if (names.has('isBoolean')) one = true;
  return names.has('isArray') || rules.some((r) => r.each) ? [one] : one;
}

describe("CompiledValidationPipe on the services' payloads", () => {
  it('agrees with ValidationPipe on every payload class of libs/contracts', async () => {
    const classes = contractClasses();
    expect(classes.length).toBeGreaterThan(50);
    let compiled = 0;
    let fast = 0;
    for (const cls of classes) {
      if (compile(cls)) compiled++;
      for (const value of valuesFor(cls, 40)) {
        const mine = await outcome(pipe, value, meta(cls));
        expect({ cls: cls.name, value, ...mine }).toEqual({ cls: cls.name, value, ...(await outcome(fallback, value, meta(cls))) });
        if ('ok' in mine) fast++;
      }
    }
    // Most classes are covered, and many of the values pass.
    expect(compiled).toBeGreaterThan(classes.length * 0.5);
    expect(fast).toBeGreaterThan(classes.length * 3);
  });
});
