import { createSourceEventStream, ExecutionArgs, ExecutionResult } from 'graphql';
import { CompiledQuery } from 'graphql-jit';

/**
 * A subscription whose source stream graphql-js opens (graphql-jit's own
 * subscribe hands the subscribe resolver all the operation's variables as its
 * arguments, not the field's) and whose events the compiled query executes.
 * Like graphql-js's mapAsyncIterator, return() reaches the source at once,
 * even while it waits for its next event, so the live subscription is
 * released when the client stops.
 */
export async function subscribeCompiled(
  jit: CompiledQuery,
  args: ExecutionArgs,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const map = async (step: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> =>
    step.done ? step : { value: await jit.query(step.value, args.contextValue, args.variableValues ?? {}), done: false };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    // then, not an async arrow: an idle subscription waits here, and a suspended async function holds a frame.
    next: () => iterator.next().then(map),
    return: async () => (iterator.return ? map(await iterator.return()) : { value: undefined, done: true }),
    throw: async (error?: unknown) => (iterator.throw ? map(await iterator.throw(error)) : Promise.reject(error)),
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
