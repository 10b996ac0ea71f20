import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, getMetadataStorage } from 'class-validator';
import { createValidationPipe, DomainError } from '@app/common';
import { GATEWAY_RESOLVERS } from '../resolvers';
import { compile, CompiledValidationPipe } from './compiled-validation.pipe';

class Sample {
  @IsString() @MaxLength(5) name: string;
  @IsOptional() @IsInt() @Min(1) @Max(10) first?: number | null;
  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(3, { each: true }) tags?: string[];
  @ValidateIf((o: Sample) => o.name === 'check') @IsString() other?: string;
  unchecked?: string;
}

const fallback = createValidationPipe();
const pipe = new CompiledValidationPipe(fallback);
const meta = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

/** What a pipe answers: the value it returns, or the error it throws. */
async function outcome(p: { transform(v: unknown, m: ArgumentMetadata): unknown }, value: unknown, m: ArgumentMetadata) {
  try {
    const v = await p.transform(structuredClone(value), m);
    return { ok: v as object, ctor: (v as object)?.constructor };
  } catch (err) {
    return { error: err instanceof DomainError ? `${err.code}: ${err.message}` : String(err) };
  }
}

/** Every class-validator class the gateway's resolvers load (inputs and args). */
function gatewayClasses(): Array<new () => object> {
  expect(GATEWAY_RESOLVERS.length).toBeGreaterThan(0);
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown[]> };
  return [...storage.validationMetadatas.keys()].filter((k): k is new () => object => typeof k === 'function');
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

describe(CompiledValidationPipe.name, () => {
  it('answers as ValidationPipe does: the same instance (whitelisted) or the same error', async () => {
    const values: unknown[] = [
      { name: 'abc' },
      { name: 'abc', first: 3, tags: ['ab', 'cd'], unchecked: 'gone', extra: 1 },
      { name: 'abcdef' },
      { name: 'abc', first: 11 },
      { name: 'abc', first: null, tags: null },
      { name: 'abc', tags: ['abcd'] },
      { name: 'check' },
      { name: 'check', other: 'x' },
      { first: 2 },
      { name: 5 },
    ];
    for (const value of values) {
      expect(await outcome(pipe, value, meta(Sample))).toEqual(await outcome(fallback, value, meta(Sample)));
    }
    const passed = await outcome(pipe, { name: 'abc', first: 3, unchecked: 'gone' }, meta(Sample));
    expect(passed).toEqual({ ok: Object.assign(new Sample(), { name: 'abc', first: 3 }), ctor: Sample });
    expect(passed.ok).not.toHaveProperty('unchecked');
  });

  it('takes the precompiled path for plain values that pass, and leaves the rest to ValidationPipe', async () => {
    const spy = jest.spyOn(fallback, 'transform');
    await pipe.transform({ name: 'abc', tags: ['a'] }, meta(Sample));
    expect(spy).not.toHaveBeenCalled();
    await outcome(pipe, { name: 'abcdef' }, meta(Sample));
    await outcome(pipe, { name: 'abc', first: { nested: true } }, meta(Sample));
    await pipe.transform('text', { type: 'body', metatype: String });
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockRestore();
  });

  it('agrees with ValidationPipe on every argument class of the gateway', async () => {
    const classes = gatewayClasses();
    expect(classes.length).toBeGreaterThan(30);
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
    // Nearly every class is covered, and many of the values pass (through the precompiled path when it covers the class).
    expect(compiled).toBeGreaterThan(classes.length * 0.8);
    expect(fast).toBeGreaterThan(classes.length * 3);
  });
});
