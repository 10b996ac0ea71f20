import 'reflect-metadata';
import { ExecutionResult, GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { Logger } from 'pino';
import { DomainError, requestContext, RpcClient } from '@app/common';
import { AuthService } from '../auth/auth.service';
import { GatewayEnv } from '../config/gateway.env';
import { GqlContext } from '../graphql/context';
import { Caller, OperationPipeline, PreparedOperation, RefusedOperation } from './operation-pipeline';

/** Counts what graphql-jit compiles and runs, so the tests can tell a compiled execution from graphql-js's. */
const jit = { compiled: 0, runs: 0 };
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual('graphql-jit');
  return {
    ...actual,
    compileQuery: (...args: unknown[]) => {
      const compiled = actual.compileQuery(...args);
      if (!actual.isCompiledQuery(compiled)) return compiled;
      jit.compiled++;
      const query = compiled.query;
      compiled.query = (...queryArgs: unknown[]) => {
        jit.runs++;
        return query(...queryArgs);
      };
      return compiled;
    },
  };
});

/** A source of subscription events that records whether the subscriber let it go. */
class Ticks implements AsyncIterableIterator<number> {
  released = false;
  private waiting?: (step: IteratorResult<number>) => void;

  push(n: number): void {
    this.waiting?.({ value: n, done: false });
    this.waiting = undefined;
  }
  next(): Promise<IteratorResult<number>> {
    return new Promise((resolve) => (this.waiting = resolve));
  }
  async return(): Promise<IteratorResult<number>> {
    this.released = true;
    this.waiting?.({ value: undefined, done: true });
    return { value: undefined, done: true };
  }
  [Symbol.asyncIterator]() {
    return this;
  }
}

const sources: Ticks[] = [];
const User: GraphQLObjectType = new GraphQLObjectType({
  name: 'User',
  fields: () => ({ id: { type: GraphQLString }, friend: { type: User, resolve: () => ({ id: 'friend' }) } }),
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      me: { type: User, resolve: (_root, _args, ctx: GqlContext) => (ctx.viewer ? { id: ctx.viewer.userId } : null) },
      correlation: { type: GraphQLString, resolve: () => requestContext.correlationId() },
      twice: { type: GraphQLInt, args: { n: { type: GraphQLInt } }, resolve: (_root, args: { n: number }) => args.n * 2 },
      boom: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('secret-internal-detail');
        },
      },
    },
  }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      ticks: {
        type: GraphQLInt,
        args: { times: { type: GraphQLInt } },
        subscribe: () => {
          const source = new Ticks();
          sources.push(source);
          return source;
        },
        resolve: (n: number, args: { times?: number }) => n * (args.times ?? 1),
      },
    },
  }),
});

const viewer = { userId: 'u-1', sessionId: 's-1' };
const signedIn: Caller = { viewer };
const anonymous: Caller = { viewer: null };
const http = { transport: 'http', address: '10.0.0.1' } as const;
const ws = { transport: 'ws', address: '10.0.0.2' } as const;

function pipelineWith(settings: Partial<GatewayEnv> = {}, logger = { error: jest.fn() }) {
  const env = Object.assign(new GatewayEnv(), { MAX_QUERY_DEPTH: 2, ...settings });
  const auth = {
    authenticate: async (authorization: string | null) => {
      if (!authorization) return null;
      if (authorization === 'Bearer good') return viewer;
      throw DomainError.unauthenticated('The access token is not valid');
    },
  };
  return new OperationPipeline(schema, env, auth as unknown as AuthService, {} as RpcClient, logger as unknown as Logger);
}

async function prepared(pending: Promise<PreparedOperation | RefusedOperation>): Promise<PreparedOperation> {
  const result = await pending;
  if ('refused' in result) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result;
}

async function refused(pending: Promise<PreparedOperation | RefusedOperation>): Promise<RefusedOperation> {
  const result = await pending;
  if (!('refused' in result)) throw new Error('not refused');
  return result;
}

describe(OperationPipeline.name, () => {
  let pipeline: OperationPipeline;
  beforeEach(() => {
    pipeline = pipelineWith();
    jit.compiled = 0;
    jit.runs = 0;
  });
  afterEach(() => pipeline.close());

  describe('authenticate', () => {
    it('gives the viewer of a good token, none without one, and the reason for a bad one', async () => {
      expect(await pipeline.authenticate('Bearer good')).toEqual({ viewer });
      expect(await pipeline.authenticate(undefined)).toEqual({ viewer: null });
      expect(await pipeline.authenticate(42)).toEqual({ viewer: null });
      const bad = await pipeline.authenticate('Bearer forged');
      expect(bad.viewer).toBeNull();
      expect(bad.authError?.message).toBe('The access token is not valid');
    });
  });

  describe('prepare', () => {
    it('parses and validates a query text once, whichever transport sends it', async () => {
      const first = await prepared(pipeline.prepare(signedIn, { query: '{ me { id } }' }, http));
      const again = await prepared(pipeline.prepare(signedIn, { query: '{ me { id } }' }, ws));
      expect(again.document).toBe(first.document);
      expect(again.operation).toBe(first.operation);
    });

    it('refuses a bad text every time with BAD_USER_INPUT, and one deeper than MAX_QUERY_DEPTH with QUERY_TOO_COMPLEX', async () => {
      for (const via of [http, ws, http]) {
        expect((await refused(pipeline.prepare(signedIn, { query: '{ me { id ' }, via))).errors[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect((await refused(pipeline.prepare(signedIn, { query: '{ nope }' }, via))).errors[0].extensions?.code).toBe('BAD_USER_INPUT');
        const deep = await refused(pipeline.prepare(signedIn, { query: '{ me { friend { friend { id } } } }' }, via));
        expect(deep.errors[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      }
      expect((await prepared(pipeline.prepare(signedIn, { query: '{ me { friend { id } } }' }, ws))).operation.kind).toBe('query');
    });

    it("selects the named operation and refuses a missing one with graphql-js's messages", async () => {
      const query = 'query A { me { id } } query B { correlation }';
      expect((await prepared(pipeline.prepare(signedIn, { query, operationName: 'B' }, http))).operation.label).toBe('query:correlation');
      expect((await refused(pipeline.prepare(signedIn, { query, operationName: 'C' }, ws))).errors[0]).toMatchObject({
        message: 'Unknown operation named "C".',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect((await refused(pipeline.prepare(signedIn, { query }, http))).errors[0].message).toBe(
        'Must provide operation name if query contains multiple operations.',
      );
    });

    it('counts every operation against its viewer on either transport, and refuses past the limit with RATE_LIMITED', async () => {
      pipeline = pipelineWith({ RATE_LIMIT_USER_PER_SECOND: 1, RATE_LIMIT_USER_BURST: 2 });
      expect('refused' in (await pipeline.prepare(signedIn, { query: '{ me { id } }' }, http))).toBe(false);
      expect('refused' in (await pipeline.prepare(signedIn, { query: '{ me { id } }' }, ws))).toBe(false);
      const limited = await refused(pipeline.prepare(signedIn, { query: '{ me { id } }' }, ws));
      expect(limited.retryAfter).toBeGreaterThanOrEqual(1);
      expect(limited.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: limited.retryAfter });
      // Anonymous callers are counted by their address only (limitAddress), not here.
      expect('refused' in (await pipeline.prepare(anonymous, { query: '{ me { id } }' }, http))).toBe(false);
    });

    it('limits per address with the same refusal', async () => {
      pipeline = pipelineWith({ RATE_LIMIT_ADDRESS_PER_SECOND: 1, RATE_LIMIT_ADDRESS_BURST: 1 });
      expect(await pipeline.limitAddress('10.0.0.9')).toBeNull();
      expect((await pipeline.limitAddress('10.0.0.9'))?.errors[0].extensions?.code).toBe('RATE_LIMITED');
      expect(await pipeline.limitAddress('10.0.0.8')).toBeNull();
    });

    it('gives resolvers the caller, the address, the transport and loaders of their own operation', async () => {
      const a = await prepared(
        pipeline.prepare({ viewer: null, authError: DomainError.unauthenticated() }, { query: '{ me { id } }' }, http),
      );
      const b = await prepared(pipeline.prepare(signedIn, { query: '{ me { id } }' }, ws));
      expect(a.contextValue).toMatchObject({ viewer: null, address: '10.0.0.1', transport: 'http' });
      expect(a.contextValue.authError?.code).toBe(DomainError.unauthenticated().code);
      expect(b.contextValue).toMatchObject({ viewer, address: '10.0.0.2', transport: 'ws' });
      expect(b.contextValue.loaders).not.toBe(a.contextValue.loaders);
    });
  });

  describe('execute', () => {
    it('runs an operation on graphql-js first, then compiled by graphql-jit from its second run', async () => {
      const run = async () => pipeline.execute(await prepared(pipeline.prepare(signedIn, { query: '{ me { id } }' }, ws)));
      expect(await run()).toEqual({ data: { me: { id: 'u-1' } } });
      expect(jit).toEqual({ compiled: 0, runs: 0 });
      expect(await run()).toEqual({ data: { me: { id: 'u-1' } } });
      expect(await run()).toEqual({ data: { me: { id: 'u-1' } } });
      expect(jit).toEqual({ compiled: 1, runs: 2 });
    });

    it("refuses variables that do not fit in graphql-js's words on every run, compiled or not", async () => {
      const run = async () => {
        const operation = await prepared(
          pipeline.prepare(signedIn, { query: 'query($t:Int){ twice(n:$t) }', variables: { t: 'ten' } }, http),
        );
        const result = await pipeline.execute(operation);
        expect('data' in result).toBe(false);
        return pipeline.formatErrors(result.errors!);
      };
      const first = await run();
      expect(first).toEqual([
        expect.objectContaining({ message: 'Variable "$t" got invalid value "ten"; Int cannot represent non-integer value: "ten"' }),
      ]);
      expect(first[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(await run()).toEqual(first);
      expect(await run()).toEqual(first);
      expect(jit.compiled).toBe(1);
    });

    it("runs inside the operation's correlation id: the HTTP request's, or a new one per socket operation", async () => {
      const given = await prepared(pipeline.prepare(signedIn, { query: '{ correlation }' }, { ...http, correlationId: 'req-0123456789' }));
      expect(((await pipeline.execute(given)) as ExecutionResult).data).toEqual({ correlation: 'req-0123456789' });
      const x = await prepared(pipeline.prepare(signedIn, { query: '{ correlation }' }, ws));
      const y = await prepared(pipeline.prepare(signedIn, { query: '{ correlation }' }, ws));
      const ids = [(await pipeline.execute(x)).data?.correlation, (await pipeline.execute(y)).data?.correlation];
      expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(ids[1]).not.toBe(ids[0]);
    });

    it('formats errors with the contract codes, an unexpected one as INTERNAL with a logged id and no detail', async () => {
      const logger = { error: jest.fn() };
      pipeline = pipelineWith({}, logger);
      const result = await pipeline.execute(await prepared(pipeline.prepare(signedIn, { query: '{ boom }' }, http)));
      const [error] = pipeline.formatErrors(result.errors!);
      expect(error.extensions).toEqual({ code: 'INTERNAL', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(error.message).toBe(`Internal error (${error.extensions!.errorId})`);
      expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ errorId: error.extensions!.errorId }), expect.any(String));
    });
  });

  describe('subscribe', () => {
    async function subscribe(times: number) {
      const operation = await prepared(
        pipeline.prepare(signedIn, { query: 'subscription($t:Int){ ticks(times:$t) }', variables: { t: times } }, ws),
      );
      const stream = (await pipeline.subscribe(operation)) as AsyncIterableIterator<ExecutionResult>;
      return { stream, source: sources[sources.length - 1] };
    }

    it("runs each event of a subscription compiled from the text's second subscription, with the field's own arguments", async () => {
      const first = await subscribe(2);
      const firstEvent = first.stream.next();
      first.source.push(5);
      expect((await firstEvent).value).toEqual({ data: { ticks: 10 } });
      expect(jit.runs).toBe(0);

      const second = await subscribe(3);
      for (const n of [1, 2]) {
        const event = second.stream.next();
        second.source.push(n);
        expect((await event).value).toEqual({ data: { ticks: n * 3 } });
      }
      expect(jit).toEqual({ compiled: 1, runs: 2 });
      await first.stream.return!();
      await second.stream.return!();
    });

    it('lets go of the source at once when the subscriber stops, even while it waits for an event', async () => {
      for (let i = 0; i < 2; i++) {
        const { stream, source } = await subscribe(1);
        const pending = stream.next();
        await stream.return!();
        expect(source.released).toBe(true);
        expect((await pending).done).toBe(true);
      }
    });
  });
});
