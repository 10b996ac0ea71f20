import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, getMetadataStorage } from 'class-validator';
import { CompiledValidationPipe, createValidationPipe } from '@app/common';
import { compareOnClasses, outcome } from '@app/common/errors/compiled-validation.agreement';
import { GATEWAY_RESOLVERS } from '../resolvers';

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

/** Every class-validator class the gateway's resolvers load (inputs and args). */
function gatewayClasses(): Array<new () => object> {
  expect(GATEWAY_RESOLVERS.length).toBeGreaterThan(0);
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown[]> };
  return [...storage.validationMetadatas.keys()].filter((k): k is new () => object => typeof k === 'function');
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
    const { compiled, fast, mine, theirs } = await compareOnClasses(pipe, fallback, classes, meta);
    expect(mine).toEqual(theirs);
    // Nearly every class is covered, and many of the values pass (through the precompiled path when it covers the class).
    expect(compiled).toBeGreaterThan(classes.length * 0.8);
    expect(fast).toBeGreaterThan(classes.length * 3);
  });
});
