import { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { RpcClient } from '@app/common';
import { AuthService } from '../auth/auth.service';
import { GatewayEnv } from '../config/gateway.env';
import { Caller, OperationPipeline, PreparedOperation } from '../pipeline/operation-pipeline';
import { CoalescingWebSocket } from './coalesce-frames';
import { serveGraphqlWs, SocketExtra } from './graphql-ws-server';
import { PresenceReporter } from './presence-reporter';
import { CLOSE_UNAUTHORIZED, SocketRegistry } from './socket-registry';

/** What the gateway keeps on each socket: the socket, the client's address and, once signed in, the caller. */
interface Extra extends SocketExtra {
  caller?: Caller;
}

/**
 * GraphQL over WebSocket (graphql-transport-ws, the graphql-ws library) on
 * /graphql: subscriptions, queries and mutations, each run through the
 * operation pipeline. The access token comes in connection_init; a bad or
 * missing one closes the socket with 4401. Open sockets are watched per
 * session and per user (see SocketRegistry).
 */
export function attachWebSocket(opts: {
  server: Server;
  schema: GraphQLSchema;
  env: GatewayEnv;
  auth: AuthService;
  pipeline: OperationPipeline;
  rpc: RpcClient;
  logger: Logger;
}): {
  close: () => Promise<void>;
} {
  const { server, schema, env, auth, pipeline } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: env.BODY_LIMIT_BYTES, WebSocket: CoalescingWebSocket });
  const sockets: SocketRegistry = new SocketRegistry(auth, env.WS_MAX_CONNECTIONS_PER_USER, (userId) => presence.change(userId));
  const presence = new PresenceReporter(
    opts.rpc,
    () => sockets.users(),
    (userId) => sockets.hasUser(userId),
    env.PRESENCE_RENEW_SECONDS,
  );

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/graphql') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const serverCleanup = serveGraphqlWs<Extra>(
    wss,
    {
      schema,
      onConnect: async (ctx) => {
        const caller = await pipeline.authenticate(ctx.connectionParams?.authorization).catch(() => null);
        if (!caller?.viewer) {
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized');
          return false;
        }
        // The client may have gone while the token was checked: onClose has
        // already run for it (with no caller), so counting it now would leak a
        // slot of the user's limit for good.
        if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
        if (!sockets.add(caller.viewer, ctx.extra.socket)) return false;
        ctx.extra.caller = caller;
        // The token has done its work; the socket does not keep it.
        delete (ctx as { connectionParams?: unknown }).connectionParams;
        return true;
      },
      onClose: (ctx) => {
        const viewer = ctx.extra.caller?.viewer;
        if (viewer) sockets.remove(viewer, ctx.extra.socket);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const prepared = await pipeline.prepare(ctx.extra.caller!, payload, { transport: 'ws', address: ctx.extra.address });
        return 'refused' in prepared ? prepared.errors.map(asGraphQLError) : prepared;
      },
      // graphql-ws hands back what onSubscribe returned.
      execute: (args) => pipeline.execute(args as PreparedOperation),
      subscribe: (args) => pipeline.subscribe(args as PreparedOperation),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: pipeline.formatErrors(result.errors) } : result,
    },
    { extra: (socket, address) => ({ socket, address }), logger: opts.logger },
  );

  return {
    close: async () => {
      sockets.close();
      await presence.close(sockets.users());
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
      await serverCleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** graphql-ws sends an operation's refusal as GraphQLErrors. */
function asGraphQLError(error: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}
