import { ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { DomainError } from './domain-error';
import { compile } from './compiled-validation.pipe';

/**
 * For the specs that hold CompiledValidationPipe to ValidationPipe (the
 * services' payloads in libs/common, the gateway's arguments): the same
 * deterministic values for every class, and what each pipe answers to them.
 */

interface Pipe {
  transform(v: unknown, m: ArgumentMetadata): unknown;
}

/**
 * A copy of a test value made in this module's realm. Not structuredClone:
 * under Jest a test runs in a vm context, structuredClone builds its objects
 * in Node's own realm, and the precompiled path takes only objects whose
 * prototype is this realm's Object.prototype (as JSON.parse makes them), so
 * every cloned value went to ValidationPipe and the comparison held trivially.
 */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}

/** What a pipe answers (the value it returns, or the error it throws), and whether it answered at once (the precompiled path). */
async function answer(p: Pipe, value: unknown, m: ArgumentMetadata) {
  try {
    const returned = p.transform(copy(value), m);
    const direct = !(returned instanceof Promise);
    const v = await returned;
    return { direct, outcome: { ok: v as object, ctor: (v as object)?.constructor } };
  } catch (err) {
    return { direct: false, outcome: { error: err instanceof DomainError ? `${err.code}: ${err.message}` : String(err) } };
  }
}

/** What a pipe answers: the value it returns, or the error it throws. */
export async function outcome(p: Pipe, value: unknown, m: ArgumentMetadata) {
  return (await answer(p, value, m)).outcome;
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
export function valuesFor(cls: new () => object, count: number): Array<Record<string, unknown>> {
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

/**
 * Both pipes on `perClass` values of every class: the classes compiled, the
 * values the precompiled path answered itself (it returns at once; ValidationPipe
 * returns a promise), and each answer beside the value and class it was given
 * (for the spec to hold `mine` to `theirs` with toEqual).
 */
export async function compareOnClasses(
  pipe: Pipe,
  fallback: Pipe,
  classes: Array<new () => object>,
  meta: (metatype: ArgumentMetadata['metatype']) => ArgumentMetadata,
  perClass = 40,
): Promise<{ compiled: number; fast: number; mine: object[]; theirs: object[] }> {
  let compiled = 0;
  let fast = 0;
  const mine: object[] = [];
  const theirs: object[] = [];
  for (const cls of classes) {
    if (compile(cls)) compiled++;
    for (const value of valuesFor(cls, perClass)) {
      const { direct, outcome: own } = await answer(pipe, value, meta(cls));
      mine.push({ cls: cls.name, value, ...own });
      theirs.push({ cls: cls.name, value, ...(await outcome(fallback, value, meta(cls))) });
      if (direct) fast++;
    }
  }
  return { compiled, fast, mine, theirs };
}
