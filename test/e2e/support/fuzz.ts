import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';

/**
 * Operations generated from the schema for the fuzz test (not a test file
 * itself): every argument of every query and mutation, and every field of
 * their input objects, given each hostile value of its type while the others
 * keep plausible values (real ids of the run's fixtures), so a request gets
 * as far as it can before the hostile value matters.
 */

/** Real ids of the fixtures, by what they name. */
export interface FuzzIds {
  user: string;
  conversation: string;
  message: string;
  channel: string;
  post: string;
}

export interface FuzzCase {
  query: string;
  variables: Record<string, unknown>;
  /** What the case is, for a failure's report. */
  label: string;
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const uuid = '00000000-0000-4000-8000-000000000000';

const HOSTILE_TEXT: unknown[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '\u001b[31m',
  '\u202eevil',
  '\uffff',
  '%s%n',
  "' OR 1=1 --",
  '\\',
  '👍🏽‍',
  '۱۲۳٤٥',
  'x'.repeat(20_000),
  b64('p:99999999999999999999'),
  b64(`post:99999999999999999:${uuid}`),
  b64(`post:-1:${uuid}`),
  b64('channel:1e308:x'),
];
const HOSTILE_ID: unknown[] = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  'x',
  '-1',
  '0',
  uuid,
  uuid.toUpperCase(),
  `${uuid}x`,
  'a'.repeat(5000),
  '1e400',
];
const HOSTILE_INT: unknown[] = [0, -1, -2147483648, 2147483647, 2147483648, 1.5, 1e308, '1', true];
const HOSTILE_MONEY: unknown[] = [
  '0',
  '-1',
  '1',
  '99999999999999999999',
  '9223372036854775808',
  '1.5',
  '1e9',
  '۱۰۰۰۰۰',
  '',
  ' 1',
  1e30,
  -5,
  'abc',
];
const HOSTILE_DATE: unknown[] = [
  '',
  'now',
  '1970-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '2026-13-45',
  0,
  -1e20,
];
/** Wrong shapes for any type. */
const WRONG: unknown[] = [{}, [], { a: 1 }, 1.5, false, null];

function hostileFor(type: GraphQLNamedType): unknown[] {
  switch (type.name) {
    case 'ID':
      return HOSTILE_ID;
    case 'String':
      return HOSTILE_TEXT;
    case 'Int':
    case 'Float':
      return HOSTILE_INT;
    case 'Boolean':
      return ['true', 0];
    case 'Money':
      return HOSTILE_MONEY;
    case 'DateTime':
      return HOSTILE_DATE;
  }
  if (isEnumType(type)) return ['NOPE', 'none', 1];
  return [];
}

/** A plausible value for an argument or input field, by its name and type. */
export function plausible(name: string, type: GraphQLInputType, ids: FuzzIds, owner = ''): unknown {
  if (isNonNullType(type)) return plausible(name, type.ofType, ids, owner);
  if (isListType(type)) return [plausible(name, type.ofType, ids, owner)];
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type)) value[field.name] = plausible(field.name, field.type, ids, owner);
    }
    return value;
  }
  const named = type as GraphQLNamedType;
  if (named.name === 'ID') return plausibleId(`${owner}.${name}`, ids);
  if (isEnumType(named)) return named.getValues()[0].name;
  switch (named.name) {
    case 'Int':
      return /seq/i.test(name) ? 1 : 5;
    case 'Boolean':
      return true;
    case 'Money':
      return '10000';
    case 'DateTime':
      return new Date(Date.now() + 3_600_000).toISOString();
  }
  return plausibleText(name);
}

function plausibleId(path: string, ids: FuzzIds): string {
  if (/user|member|toUser/i.test(path)) return ids.user;
  if (/message|replyTo/i.test(path)) return ids.message;
  if (/post/i.test(path)) return ids.post;
  if (/channel|feed/i.test(path)) return ids.channel;
  if (/conversation/i.test(path)) return ids.conversation;
  return randomUUID();
}

function plausibleText(name: string): string | null {
  if (/^(after|before|currentPassword|username|password|newPassword)$/.test(name)) return null;
  if (name === 'phone') return '09121234567';
  if (name === 'code') return '12345';
  if (/clientId|idempotencyKey/.test(name)) return randomUUID();
  if (name === 'handle') return `fz_${randomUUID().slice(0, 8)}`;
  if (name === 'url') return 'http://127.0.0.1:9/feed.xml';
  if (/billId|paymentId/.test(name)) return '1117753200140';
  if (name === 'barcode') return '11177532001400000012070160';
  if (name === 'emoji') return '👍';
  if (name === 'refreshToken') return 'not-a-token';
  return 'سلام';
}

/** Leaf fields of the result, so the operation is valid whatever the type. */
function selection(type: GraphQLNamedType): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type) || isInterfaceType(type)) return '{ __typename }';
  if (!isObjectType(type)) return '';
  const leaves = Object.values(type.getFields()).filter(
    (f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)),
  );
  return `{ __typename ${leaves.map((f) => f.name).join(' ')} }`;
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind}${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection(getNamedType(field.type))} }`;
}

/** The same operation with its values written in the document (the edge's other path: literals, checked with validation). */
function literalOperation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, values: Record<string, unknown>): string {
  const args = field.args.map((a) => `${a.name}: ${literal(values[a.name], a.type)}`).join(', ');
  return `${kind} { ${field.name}${args ? `(${args})` : ''} ${selection(getNamedType(field.type))} }`;
}

/** A value as a GraphQL literal of the type at its place (enum values bare, the rest as JSON writes it). */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const inner = type && isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, inner && isListType(inner) ? inner.ofType : undefined)).join(' ')}]`;
  if (typeof value === 'object') {
    const fields = inner && isInputObjectType(inner) ? inner.getFields() : {};
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${literal(v, fields[k]?.type)}`);
    return `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'string' && inner && isEnumType(inner) && /^[_A-Za-z]\w*$/.test(value)) return value;
  return JSON.stringify(value);
}

/** Every (argument or nested input field) × hostile value, as variables over a valid base, then as literals. */
function* casesOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, ids: FuzzIds): Generator<FuzzCase> {
  const query = operation(kind, field);
  const base = () => Object.fromEntries(field.args.map((a) => [a.name, plausible(a.name, a.type, ids, field.name)]));
  for (const arg of field.args) {
    for (const { path, value } of hostileValues(arg, ids, field.name)) {
      const variables = base();
      setAt(variables, [arg.name, ...path], value);
      const label = `${field.name}.${[arg.name, ...path].join('.')} = ${JSON.stringify(value)?.slice(0, 60)}`;
      yield { query, variables, label };
      const values = base();
      setAt(values, [arg.name, ...path], value);
      yield { query: literalOperation(kind, field, values), variables: {}, label: `${label} (literal)` };
    }
  }
  if (!field.args.length) yield { query, variables: {}, label: field.name };
}

type Hostile = { path: string[]; value: unknown };

function* hostileValues(arg: GraphQLArgument | { name: string; type: GraphQLInputType }, ids: FuzzIds, owner: string): Generator<Hostile> {
  const type = arg.type;
  const inner = isNonNullType(type) ? type.ofType : type;
  for (const value of WRONG) yield { path: [] as string[], value };
  if (isListType(inner)) {
    const item = inner.ofType as GraphQLInputType;
    for (const value of hostileFor(getNamedType(item))) yield { path: [], value: [value] };
    yield { path: [], value: Array.from({ length: 1000 }, () => plausible(arg.name, item, ids, owner)) };
    return;
  }
  if (isInputObjectType(inner)) {
    for (const field of Object.values(inner.getFields())) {
      for (const hostile of hostileValues(field, ids, owner)) yield { path: [field.name, ...hostile.path], value: hostile.value };
    }
    return;
  }
  for (const value of hostileFor(getNamedType(inner))) yield { path: [], value };
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (const key of path.slice(0, -1)) {
    if (!at[key] || typeof at[key] !== 'object') at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[path[path.length - 1]] = value;
}

/** Every case of every query and mutation but `skip`. */
export function fuzzCases(schema: GraphQLSchema, ids: FuzzIds, skip: string[]): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [kind, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(root?.getFields() ?? {})) if (!skip.includes(field.name)) cases.push(...casesOf(kind, field, ids));
  }
  return cases;
}
