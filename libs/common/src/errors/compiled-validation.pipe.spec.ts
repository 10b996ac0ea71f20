import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import * as contracts from '@app/contracts';
import { createValidationPipe } from './validation';
import { CompiledValidationPipe } from './compiled-validation.pipe';
import { compareOnClasses } from './compiled-validation.agreement';

// The services' side (createService): the same comparison as the gateway's spec, over every payload class of
// libs/contracts, as a service receives it (@Payload: Nest's RPC param type 3).
const fallback = createValidationPipe();
const pipe = new CompiledValidationPipe(fallback);
const meta = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 3 as unknown as 'body', metatype });

/** Every class of libs/contracts that carries class-validator rules. */
function contractClasses(): Array<new () => object> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown[]> };
  const exported = new Set<unknown>(Object.values(contracts));
  return [...storage.validationMetadatas.keys()].filter((k): k is new () => object => typeof k === 'function' && exported.has(k));
}

describe("CompiledValidationPipe on the services' payloads", () => {
  it('agrees with ValidationPipe on every payload class of libs/contracts', async () => {
    const classes = contractClasses();
    expect(classes.length).toBeGreaterThan(50);
    const { compiled, fast, mine, theirs } = await compareOnClasses(pipe, fallback, classes, meta);
    expect(mine).toEqual(theirs);
    // Most classes are covered, and many of the values pass.
    expect(compiled).toBeGreaterThan(classes.length * 0.5);
    expect(fast).toBeGreaterThan(classes.length * 3);
  });
});
