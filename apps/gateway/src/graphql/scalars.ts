import { GraphQLScalarType, Kind } from 'graphql';
import { DomainError } from '@app/common';
import { toAsciiDigits } from '@app/persian';

/** ISO-8601 in UTC. Services send ISO strings over NATS; Dates are accepted too. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 timestamp in UTC ("2026-11-29T08:30:00.000Z").',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${String(value)}`);
    return date.toISOString();
  },
  parseValue(value) {
    return parseDate(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw DomainError.badInput('DateTime', 'A DateTime is an ISO-8601 string');
    return parseDate(ast.value);
  },
});

/** The years a DateTime may name: JavaScript reaches year 275760 and PostgreSQL 294276, but no input of ours means either. */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(10000, 0, 1) - 1;

function parseDate(value: unknown): string {
  const date = typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw DomainError.badInput('DateTime', 'A DateTime is an ISO-8601 string');
  const time = date.getTime();
  if (time < EARLIEST || time > LATEST) throw DomainError.badInput('DateTime', 'A DateTime must lie between the years 1900 and 9999');
  return date.toISOString();
}

/**
 * Rials as a decimal string, so no amount ever passes through a float.
 * Input may use Persian or Arabic-Indic digits; it reaches resolvers as a
 * string of ASCII digits.
 */
export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  description: 'An integer number of Iranian rials as a decimal string ("1250000").',
  serialize(value) {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    throw new TypeError(`not an amount: ${String(value)}`);
  },
  parseValue(value) {
    return parseMoney(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT) throw DomainError.badInput('amount', 'An amount is a string of digits (rials)');
    return parseMoney(ast.value);
  },
});

function parseMoney(value: unknown): string {
  const text =
    typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? toAsciiDigits(value).trim() : '';
  if (!/^\d{1,19}$/.test(text)) throw DomainError.badInput('amount', 'An amount is a whole number of rials, as a string of digits');
  return text.replace(/^0+(?=\d)/, '');
}
