import { execute, ExecutionArgs, ExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema, subscribe } from 'graphql';
import { Logger } from 'pino';
import { DomainError, requestContext, RpcClient } from '@app/common';
import { ErrorCode } from '@app/contracts';
import { AuthService } from '../auth/auth.service';
import { Viewer } from '../auth/viewer';
import { GatewayEnv } from '../config/gateway.env';
import { coalesceWithin } from '../graphql/coalescing-rpc-client';
import { GqlContext } from '../graphql/context';
import { Loaders } from '../graphql/loaders';
import { CostLimits } from './cost';
import { DocumentCache, validationRules } from './documents';
import { formatError } from './format-error';
import { Limits } from './limits';
import { Operation, OperationCache } from './operations';
import { subscribeCompiled } from './subscribe-compiled';

/** Who sent an operation: the viewer of a good token, or none (and why a given token was refused). */
export interface Caller {
  viewer: Viewer | null;
  /** Raised only by operations that need a viewer (see AuthGuard), so the public ones still run. */
  authError?: DomainError;
}

/** One operation as a client sends it: a GraphQL-over-HTTP request's parameters, a graphql-ws subscribe payload. */
export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** Where an operation came in. */
export interface Via {
  transport: GqlContext['transport'];
  address: string;
  /** The HTTP request's id; a socket's operations each get a new one. */
  correlationId?: string;
}

/** An operation ready to run: graphql-js's arguments (graphql-ws hands them back to execute) and what the transports report. */
export interface PreparedOperation extends ExecutionArgs {
  contextValue: GqlContext;
  operation: Operation;
  correlationId: string;
}

/** An operation refused before it ran, with its errors formatted; retryAfter when a limit refused it. */
export interface RefusedOperation {
  refused: true;
  errors: GraphQLFormattedError[];
  retryAfter?: number;
}

/**
 * The one path every GraphQL operation takes, over HTTP and over WebSocket
 * alike, so that a rule added here holds on both:
 *
 *   1. authenticate   the access token → the caller (per HTTP request; per socket, at connection_init)
 *   2. limit          per client address (HTTP, before the token is read) and per viewer (every operation)
 *   3. parse+validate once per query text (one cache, one set of rules, depth and the edge rule on literals included);
 *      then per run: the edge rule on variables, the operation's cost (QUERY_TOO_COMPLEX), the per-user limit by cost
 *   4. context        what resolvers see, with per-operation loaders
 *   5. execute        graphql-jit from an operation's second run, subscription events included
 *   6. format errors  the contract's codes; anything unexpected INTERNAL with a logged id
 *
 * The transports only translate: status codes and media types (http/), close
 * codes and sockets (ws/).
 */
export class OperationPipeline {
  private readonly limits: Limits;
  private readonly documents: DocumentCache;
  private readonly operations: OperationCache;
  private readonly costLimits: CostLimits;
  private readonly costPerRequest: number;

  constructor(
    private readonly schema: GraphQLSchema,
    env: GatewayEnv,
    private readonly auth: AuthService,
    private readonly rpc: RpcClient,
    private readonly logger: Logger,
  ) {
    this.limits = new Limits(env);
    this.documents = new DocumentCache(schema, validationRules(env.MAX_QUERY_DEPTH, !env.production), {
      maxAliases: env.MAX_QUERY_ALIASES,
      maxDocumentFields: env.MAX_QUERY_DOCUMENT_FIELDS,
      maxTokens: env.MAX_QUERY_TOKENS,
    });
    this.operations = new OperationCache(schema);
    this.costLimits = { maxCost: env.MAX_QUERY_COST, maxFields: env.MAX_QUERY_FIELDS, maxAliases: env.MAX_QUERY_ALIASES };
    this.costPerRequest = env.RATE_LIMIT_COST_PER_REQUEST;
  }

  /** 1. The caller of an `Authorization` value (any type: a socket's connection params are the client's JSON). */
  async authenticate(authorization: unknown): Promise<Caller> {
    try {
      return { viewer: await this.auth.authenticate(typeof authorization === 'string' ? authorization : null) };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { viewer: null, authError: err };
    }
  }

  /** 2, for a request that may come without a token: its address pays. Null when it may go on. */
  limitAddress(address: string): RefusedOperation | null {
    const wait = this.limits.address(address);
    return wait ? this.rateLimited(wait) : null;
  }

  /** 2–4 for one operation of a known caller: the arguments to run it with, or why it is refused. */
  prepare(caller: Caller, request: OperationRequest, via: Via): PreparedOperation | RefusedOperation {
    const wait = caller.viewer ? this.limits.viewer(caller.viewer.userId) : 0;
    if (wait) return this.rateLimited(wait);
    const checked = this.documents.check(request.query);
    if ('errors' in checked) return { refused: true, errors: this.formatErrors(checked.errors) };
    const operation = this.operations.get(checked.document, request.operationName);
    if (operation instanceof GraphQLError) return { refused: true, errors: this.formatErrors([operation]) };
    const bad = operation.refusedInput(request.variables);
    if (bad) return this.refuse(bad);
    const cost = operation.cost(request.variables, this.costLimits);
    if ('tooComplex' in cost) return this.refuse(new DomainError(ErrorCode.QueryTooComplex, cost.tooComplex));
    // One request's worth was taken above; a costly operation pays the rest of its cost.
    const more = caller.viewer ? Math.ceil(cost.cost / this.costPerRequest) - 1 : 0;
    const costWait = more > 0 ? this.limits.viewer(caller.viewer!.userId, more) : 0;
    if (costWait) return this.rateLimited(costWait);
    return {
      schema: this.schema,
      document: checked.document,
      operationName: request.operationName,
      variableValues: request.variables ?? undefined,
      contextValue: this.context(caller, via),
      operation,
      correlationId: via.correlationId ?? requestContext.newId(),
    };
  }

  /** 5, for queries and mutations. */
  execute(prepared: PreparedOperation): Promise<ExecutionResult> | ExecutionResult {
    const scope = this.scope(prepared);
    if (prepared.operation.kind === 'query') coalesceWithin(scope);
    return requestContext.run(scope, () => {
      const jit = prepared.operation.compiled();
      if (!jit) return execute(prepared);
      const result = jit.query(prepared.rootValue, prepared.contextValue, prepared.variableValues ?? {});
      if (isPromise(result) || 'data' in result) return result;
      // Refused before running (its variables do not fit): the client reads the same words on every run.
      const errors = prepared.operation.variableErrors(prepared.variableValues);
      return errors ? { errors } : result;
    });
  }

  /** 5, for subscriptions: every event pushed to the subscriber is an execution too. */
  subscribe(prepared: PreparedOperation): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    return requestContext.run(this.scope(prepared), () => {
      const jit = prepared.operation.compiled();
      return jit ? subscribeCompiled(jit, prepared) : subscribe(prepared);
    });
  }

  /** 6. */
  formatErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
    return errors.map((error) => formatError(error, this.logger));
  }

  close(): void {
    this.limits.close();
  }

  private refuse(error: DomainError): RefusedOperation {
    return { refused: true, errors: this.formatErrors([new GraphQLError(error.message, { originalError: error })]) };
  }

  private rateLimited(wait: number): RefusedOperation {
    const message = 'Too many requests; slow down';
    const limited = new GraphQLError(message, { originalError: DomainError.rateLimited(wait, message) });
    return { refused: true, errors: this.formatErrors([limited]), retryAfter: wait };
  }

  /** 4. */
  private context(caller: Caller, via: Via): GqlContext {
    return {
      viewer: caller.viewer,
      authError: caller.authError,
      address: via.address,
      transport: via.transport,
      loaders: new Loaders(this.rpc, caller.viewer?.userId ?? null),
    };
  }

  /** Every log line of the operation's hops carries its correlation id and viewer. */
  private scope(prepared: PreparedOperation) {
    return { correlationId: prepared.correlationId, userId: prepared.contextValue.viewer?.userId };
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}
