import { GraphQLNamedType, GraphQLScalarType, isScalarType, isSpecifiedScalarType, ValueNode } from 'graphql';
import { DomainError } from '@app/common';

/**
 * The gateway's one rule for every value a client sends, on every transport:
 * literal or variable, top-level argument or nested input field. A value that
 * a service could choke on (PostgreSQL refuses NUL in text; a lone surrogate
 * is not UTF-8; an empty ID is not a key) is BAD_USER_INPUT naming the field,
 * before anything runs. Services still check their own rules.
 *
 *   String (and custom scalars' strings): no C0 control but tab, LF and CR;
 *     no DEL or C1 control; no lone surrogate.
 *   ID: no control character at all (not even a newline), not empty.
 *   Custom scalars (DateTime, Money): their own parse, with the field named.
 *
 * Format characters Persian text needs (ZWNJ, bidi marks and isolates) are
 * not controls and pass.
 */

// eslint-disable-next-line no-control-regex
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const ID_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string is refused for a type, or null when it passes. */
export function stringProblem(value: string, type: GraphQLNamedType): string | null {
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode text (it has a lone surrogate)';
  if (type.name === 'ID') {
    if (value === '') return 'must not be empty';
    if (ID_CONTROL.test(value)) return 'must not contain control characters';
    return null;
  }
  return TEXT_CONTROL.test(value) ? 'must not contain control characters' : null;
}

/** A custom scalar's own check of a variable's value or a literal, with the field named; null when it passes. */
export function scalarProblem(type: GraphQLNamedType, value: unknown, literal?: ValueNode): string | null {
  if (!isScalarType(type) || isSpecifiedScalarType(type)) return null;
  try {
    if (literal) (type as GraphQLScalarType).parseLiteral(literal, undefined);
    else (type as GraphQLScalarType).parseValue(value);
    return null;
  } catch (err) {
    // Only the scalar's own refusals (a DomainError); anything else is graphql-js's to word.
    return err instanceof DomainError ? err.message : null;
  }
}

export function badInput(field: string, problem: string): DomainError {
  return DomainError.badInput(field, problem.startsWith('must ') ? `${field} ${problem}` : problem);
}
