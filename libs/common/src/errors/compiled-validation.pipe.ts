import { ArgumentMetadata, PipeTransform, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage };

/** The part of class-transformer's metadata storage read here (not in its public types). */
interface TransformerStorage {
  findTypeMetadata(target: object, property: string): unknown;
  findTransformMetadatas(target: object, property: string, transformationType: number): unknown[];
  getExposedMetadatas(target: object): unknown[];
  getExcludedMetadatas(target: object): unknown[];
}

/** class-transformer's TransformationType.PLAIN_TO_CLASS. */
const PLAIN_TO_CLASS = 0;

/** What ValidationPipe never validates (its toValidate). */
const UNVALIDATED: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

type Check = (object: Record<string, unknown>, value: unknown) => boolean;

/** One class's rules, read once from class-validator's metadata: per property, its conditions and its checks. */
interface Plan {
  metatype: new () => object;
  properties: Array<{ name: string; conditions: Check[]; checks: Check[] }>;
}

const { CUSTOM_VALIDATION, CONDITIONAL_VALIDATION, IS_DEFINED, WHITELIST } = ValidationTypes;

/**
 * The validation pipe of the gateway and of every service (createService):
 * Nest's ValidationPipe (from createValidationPipe) with a precompiled path in front.
 * For each argument class the rules are read once from class-validator's own
 * metadata, and an argument whose properties are all plain values (strings,
 * numbers, booleans, null, or arrays of them) is checked by calling those
 * same constraint classes directly — no per-call metadata lookup, no
 * class-transformer walk, no error objects — then built as class-transformer
 * and `whitelist` would build it: an instance of the class holding only the
 * properties that have rules. Anything the precompiled path does not cover
 * (nested classes, class-transformer decorators, async or nested rules) and
 * every value that fails a rule goes to ValidationPipe itself, so the errors
 * clients read are exactly its errors. class-validator ran at ~7% of the
 * gateway's CPU (bench/payments profile).
 */
export class CompiledValidationPipe implements PipeTransform {
  private readonly plans = new Map<unknown, Plan | null>();

  constructor(private readonly fallback: ValidationPipe) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const metatype = metadata.metatype;
    if (metatype && metadata.type !== 'custom' && !UNVALIDATED.includes(metatype) && isRecord(value)) {
      let plan = this.plans.get(metatype);
      if (plan === undefined) this.plans.set(metatype, (plan = compile(metatype as new () => object)));
      const entity = plan && run(plan, value);
      if (entity) return entity;
    }
    return this.fallback.transform(value, metadata);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isPlainValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) return false;
    const v = value[i];
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  }
  return true;
}

/** The class's plan, or null when any of its rules is one the precompiled path leaves to ValidationPipe. */
export function compile(metatype: new () => object): Plan | null {
  if (defaultMetadataStorage.getExposedMetadatas(metatype).length || defaultMetadataStorage.getExcludedMetadatas(metatype).length)
    return null;
  const storage = getMetadataStorage();
  // As ValidationPipe calls class-validator: no groups, `always` off, no schema.
  const metadatas = storage.getTargetValidationMetadatas(metatype, undefined as unknown as string, false, false, undefined);
  const grouped = storage.groupByPropertyName(metadatas) as Record<string, ValidationMetadata[]>;
  const properties: Plan['properties'] = [];
  for (const [name, list] of Object.entries(grouped)) {
    if (defaultMetadataStorage.findTypeMetadata(metatype, name)) return null;
    if (defaultMetadataStorage.findTransformMetadatas(metatype, name, PLAIN_TO_CLASS).length) return null;
    const conditions: Check[] = [];
    const checks: Check[] = [];
    for (const m of list) {
      if (m.type === WHITELIST) continue;
      if (m.type === CONDITIONAL_VALIDATION) {
        conditions.push(m.constraints[0] as Check);
        continue;
      }
      if (m.type !== CUSTOM_VALIDATION && m.type !== IS_DEFINED) return null;
      const constraints = storage.getTargetValidatorConstraints(m.constraintCls);
      if (constraints.some((c) => c.async)) return null;
      for (const c of constraints) checks.push(customCheck(m, c.instance as { validate: (v: unknown, a: ValidationArguments) => unknown }));
    }
    properties.push({ name, conditions, checks });
  }
  return { metatype, properties };
}

/** One constraint as class-validator's ValidationExecutor applies it (`each` over arrays included); a promise counts as a failure. */
function customCheck(m: ValidationMetadata, instance: { validate: (v: unknown, a: ValidationArguments) => unknown }): Check {
  return (object, value) => {
    if (m.validateIf && !m.validateIf(object, value)) return true;
    const args: ValidationArguments = {
      targetName: object.constructor?.name,
      property: m.propertyName,
      object,
      value,
      constraints: m.constraints,
    };
    if (!m.each || !Array.isArray(value)) return instance.validate(value, args) === true;
    for (const item of value) if (instance.validate(item, args) !== true) return false;
    return true;
  };
}

/** The entity ValidationPipe would return for `value`, or null when the value breaks a rule or is not one the plan covers. */
function run(plan: Plan, value: Record<string, unknown>): object | null {
  const entity = new plan.metatype() as Record<string, unknown>;
  // `whitelist`: only the properties that have rules stay, on the instance as on the value.
  for (const key of Object.keys(entity)) if (!plan.properties.some((p) => p.name === key)) delete entity[key];
  for (const { name } of plan.properties) {
    if (!Object.hasOwn(value, name)) continue;
    const v = value[name];
    if (!isPlainValue(v)) return null;
    entity[name] = Array.isArray(v) ? [...v] : v;
  }
  for (const p of plan.properties) {
    const v = entity[p.name];
    if (!p.conditions.every((c) => c(entity, v))) continue;
    for (const check of p.checks) if (!check(entity, v)) return null;
  }
  return entity;
}
