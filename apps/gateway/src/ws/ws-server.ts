import { IncomingMessage, Server } from 'node:http';
import {
  createSourceEventStream,
  DocumentNode,
  execute,
  ExecutionArgs,
  ExecutionResult,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  parse,
  specifiedRules,
  subscribe,
  validate,
} from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { Logger } from 'pino';
import { requestContext, RpcClient } from '@app/common';
import { AuthService } from '../auth/auth.service';
import { Viewer } from '../auth/viewer';
import { GatewayEnv } from '../config/gateway.env';
import { GqlContext } from '../graphql/context';
import { depthLimit } from '../graphql/depth-limit';
import { formatError } from '../graphql/format-error';
import { Loaders } from '../graphql/loaders';
import { RateLimiter } from '../limits/rate-limiter';

/** Close codes: the contract's 4401 for auth; 4429 past the per-user connection limit. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_TOO_MANY = 4429;

/** What the gateway keeps on each socket beyond graphql-ws's own socket and request. */
type Extra = { viewer?: Viewer } & Record<PropertyKey, unknown>;

/**
 * GraphQL over WebSocket (graphql-transport-ws, the graphql-ws library) on
 * /graphql: subscriptions, queries and mutations. The access token comes in
 * connection_init; a bad or missing one closes the socket with 4401. Every
 * open socket is re-checked each second against its session (cached for at
 * most SESSION_CHECK_MS), and a revocation event closes it at once.
 */
export function attachWebSocket(opts: {
  server: Server;
  schema: GraphQLSchema;
  env: GatewayEnv;
  auth: AuthService;
  rpc: RpcClient;
  logger: Logger;
  userLimiter: RateLimiter;
}): { close: () => Promise<void> } {
  const { server, schema, env, auth, rpc, logger, userLimiter } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: env.BODY_LIMIT_BYTES });
  const bySession = new Map<string, Set<WebSocket>>();
  const byUser = new Map<string, number>();
  const rules = [...specifiedRules, depthLimit(env.MAX_QUERY_DEPTH)];
  const documents = documentCache(schema, rules, logger);
  const compiled = jitCache(schema);

  const onUpgrade = (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/graphql') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const closeSession = (sessionId: string, reason: string) => {
    for (const ws of bySession.get(sessionId) ?? []) ws.close(CLOSE_UNAUTHORIZED, reason);
  };
  const unsubscribeRevoked = auth.onSessionRevoked((sid) => closeSession(sid, 'Session revoked'));
  const sweep = setInterval(() => {
    for (const sessionId of bySession.keys()) {
      auth.sessionValid(sessionId).then(
        (valid) => {
          if (!valid) closeSession(sessionId, 'Session revoked');
        },
        () => undefined,
      );
    }
  }, 1000);
  sweep.unref();

  const serverCleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        let viewer: Viewer | null = null;
        try {
          viewer = await auth.authenticate(typeof authorization === 'string' ? authorization : null);
        } catch {
          viewer = null;
        }
        if (!viewer) {
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized');
          return false;
        }
        // The client may have gone while the token was checked: onClose has
        // already run for it (with no viewer), so counting it now would leak a
        // slot of the user's limit for good.
        if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
        const count = byUser.get(viewer.userId) ?? 0;
        if (count >= env.WS_MAX_CONNECTIONS_PER_USER) {
          ctx.extra.socket.close(CLOSE_TOO_MANY, 'Too many connections');
          return false;
        }
        byUser.set(viewer.userId, count + 1);
        ctx.extra.viewer = viewer;
        let sockets = bySession.get(viewer.sessionId);
        if (!sockets) bySession.set(viewer.sessionId, (sockets = new Set()));
        sockets.add(ctx.extra.socket);
        return true;
      },
      onClose: (ctx) => {
        const viewer = ctx.extra.viewer;
        if (!viewer) return;
        const left = (byUser.get(viewer.userId) ?? 1) - 1;
        if (left > 0) byUser.set(viewer.userId, left);
        else byUser.delete(viewer.userId);
        const sockets = bySession.get(viewer.sessionId);
        sockets?.delete(ctx.extra.socket);
        if (sockets && !sockets.size) bySession.delete(viewer.sessionId);
      },
      onSubscribe: (ctx, _id, payload) => {
        const viewer = ctx.extra.viewer!;
        const wait = userLimiter.take(viewer.userId);
        if (wait) return [new GraphQLError('Too many requests', { extensions: { code: 'RATE_LIMITED', retryAfter: wait } })];
        const checked = documents(payload.query);
        if ('errors' in checked) return checked.errors;
        const document = checked.document;
        const args: ExecutionArgs = {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue: {
            viewer,
            address: ctx.extra.request.socket.remoteAddress ?? 'unknown',
            transport: 'ws',
            loaders: new Loaders(rpc, viewer.userId),
          } satisfies GqlContext,
        };
        if (!getOperationAST(document, payload.operationName))
          return [new GraphQLError('No operation to run', { extensions: { code: 'BAD_USER_INPUT' } })];
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if ('errors' in result && result.errors?.length) {
          return { ...result, errors: result.errors.map((e) => formatAsError(e as GraphQLError, logger)) } as typeof result;
        }
        return result;
      },
      // Each operation gets its own correlation id for the logs of every hop it makes.
      // graphql-jit, as Mercurius runs HTTP: every update pushed to a subscriber is an execution.
      execute: (args) =>
        requestContext.run(operationContext(args), () => {
          const jit = compiled(args);
          return jit ? jit.query(args.rootValue, args.contextValue, args.variableValues) : execute(args);
        }),
      subscribe: (args) =>
        requestContext.run(operationContext(args), () => {
          const jit = compiled(args);
          return jit ? subscribeWith(jit, args) : subscribe(args);
        }),
    },
    wss,
  );

  return {
    close: async () => {
      clearInterval(sweep);
      unsubscribeRevoked();
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
      await serverCleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Parsing and validating an operation cost a third of the gateway's CPU when
 * done for every operation on a socket (bench/messaging: each sendMessage is
 * one). Clients send the same few query texts over and over, and neither
 * result depends on the variables, so both are kept per query text, like
 * Mercurius does for HTTP. The cache is bounded in entries and in the length
 * of a query kept, so odd or hostile queries cannot grow it without limit.
 */
function documentCache(schema: GraphQLSchema, rules: typeof specifiedRules, logger: Logger) {
  type Checked = { document: DocumentNode } | { errors: GraphQLError[] };
  const cache = new LRUCache<string, Checked>({ max: 1024 });
  const MAX_CACHED_QUERY = 16 * 1024;
  return (query: string): Checked => {
    const hit = cache.get(query);
    if (hit) return hit;
    let checked: Checked;
    try {
      const document = parse(query);
      const errors = validate(schema, document, rules);
      checked = errors.length ? { errors: errors.map((e) => formatAsError(e, logger)) } : { document };
    } catch (err) {
      checked = { errors: [formatAsError(err as GraphQLError, logger)] };
    }
    if (query.length <= MAX_CACHED_QUERY) cache.set(query, checked);
    return checked;
  };
}

/**
 * Operations compiled by graphql-jit, per cached document and operation
 * name, from their second run on (a query sent once is not worth compiling).
 * What jit cannot compile (an unknown operation name, say) runs on graphql-js,
 * which answers it with the same errors.
 */
function jitCache(schema: GraphQLSchema) {
  type Entry = { runs: number; compiled: CompiledQuery | null };
  const byDocument = new WeakMap<DocumentNode, Map<string, Entry>>();
  return (args: ExecutionArgs): CompiledQuery | null => {
    let operations = byDocument.get(args.document);
    if (!operations) byDocument.set(args.document, (operations = new Map()));
    const name = args.operationName ?? '';
    let entry = operations.get(name);
    if (!entry) operations.set(name, (entry = { runs: 0, compiled: null }));
    if (!entry.compiled && ++entry.runs === 2) {
      const result = compileQuery(schema, args.document, args.operationName ?? undefined);
      if (isCompiledQuery(result)) entry.compiled = result;
    }
    return entry.compiled;
  };
}

/**
 * A subscription whose source stream graphql-js opens (graphql-jit's own
 * subscribe hands the subscribe resolver all the operation's variables as its
 * arguments, not the field's) and whose events the compiled query executes.
 * Like graphql-js's mapAsyncIterator, return() reaches the source at once,
 * even while it waits for its next event, so the live subscription is
 * released when the client stops.
 */
async function subscribeWith(jit: CompiledQuery, args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const map = async (step: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> =>
    step.done ? step : { value: await jit.query(step.value, args.contextValue, args.variableValues ?? {}), done: false };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    next: async () => map(await iterator.next()),
    return: async () => (iterator.return ? map(await iterator.return()) : { value: undefined, done: true }),
    throw: async (error?: unknown) => (iterator.throw ? map(await iterator.throw(error)) : Promise.reject(error)),
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

/** graphql-ws sends GraphQLErrors; give them the contract's codes like HTTP does. */
function formatAsError(error: GraphQLError, logger: Logger): GraphQLError {
  const formatted = formatError(error, logger);
  return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
}

function operationContext(args: ExecutionArgs) {
  return { correlationId: requestContext.newId(), userId: (args.contextValue as GqlContext).viewer?.userId };
}
