import { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { requestContext } from '@app/common';
import { metrics } from '../metrics/metrics.service';
import { Caller, OperationPipeline, OperationRequest, RefusedOperation } from '../pipeline/operation-pipeline';
import { MUTATION_HEADER } from './edge';
import { GatewayRequest } from './gateway-request';
import { GET_SCHEMA, POST_SCHEMA } from './http-schemas';

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

const BAD_USER_INPUT = 'BAD_USER_INPUT';
const NO_QUERY = 'A GraphQL request needs its document as a string in "query"';
const ONLY_JSON = 'POST /graphql takes application/json';
const NO_MUTATION_HEADER = `Mutations over HTTP need the ${MUTATION_HEADER} header (any value)`;
const SUBSCRIPTION_OVER_HTTP = 'Subscriptions are served over WebSocket (graphql-transport-ws) on /graphql, not over HTTP';

function isJson(contentType: string | undefined): boolean {
  return !!contentType && /^application\/json\s*(;|$)/i.test(contentType);
}

function acceptsGraphQLResponseJson(accept: string | undefined): boolean {
  return !!accept && accept.includes(GRAPHQL_RESPONSE_JSON);
}

/**
 * GraphQL over HTTP on /graphql, per the GraphQL-over-HTTP spec: an executed
 * operation answers 200 whatever its errors; a well-formed request that could
 * not be executed (syntax, validation, depth) answers 400 to clients that
 * accept application/graphql-response+json and 200 to legacy application/json
 * ones. Whatever the media type: a request that is not a GraphQL request at
 * all (no query, variables that are not JSON) is 400, a mutation over GET is
 * 405 with `Allow: POST`, a rate limit is 429 with Retry-After, and errors the
 * HTTP layer raised (a body too large) keep their status. Everything else is
 * the operation pipeline's.
 */
export function graphqlOverHttp(pipeline: OperationPipeline) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onSend', negotiateMediaType);
    app.addHook('onResponse', observe);
    app.setErrorHandler((error: FastifyError, request, reply) => answerHttpError(pipeline, error, request, reply));
    const handler = (request: FastifyRequest, reply: FastifyReply) => serve(pipeline, request as GatewayRequest, reply);
    app.get('/graphql', { schema: GET_SCHEMA, attachValidation: true }, handler);
    app.post('/graphql', { schema: POST_SCHEMA, attachValidation: true }, handler);
  };
}

async function serve(pipeline: OperationPipeline, request: GatewayRequest, reply: FastifyReply) {
  if (request.method === 'POST' && !isJson(request.headers['content-type'])) {
    // Forms and text/plain are what a browser sends cross-site without asking first.
    return reply.code(415).send({ errors: [{ message: ONLY_JSON, extensions: { code: BAD_USER_INPUT } }] });
  }
  const limited = pipeline.limitAddress(request.ip);
  if (limited) return refuse(request, reply, limited);
  const caller = await pipeline.authenticate(request.headers.authorization);
  const scope = { correlationId: request.correlationId!, userId: caller.viewer?.userId };
  return requestContext.run(scope, () => run(pipeline, caller, request, reply));
}

async function run(pipeline: OperationPipeline, caller: Caller, request: GatewayRequest, reply: FastifyReply) {
  const params = operationRequest(request);
  if ('status' in params) return reply.code(params.status).send({ errors: [params.error] });
  const prepared = pipeline.prepare(caller, params, { transport: 'http', address: request.ip, correlationId: request.correlationId });
  if ('refused' in prepared) return refuse(request, reply, prepared);
  if (prepared.operation.kind === 'subscription') {
    // The GraphQL-over-HTTP spec leaves subscriptions out; as its reference server (graphql-http) does, not executed.
    return reply
      .code(unexecutedStatus(request))
      .send({ errors: [{ message: SUBSCRIPTION_OVER_HTTP, extensions: { code: BAD_USER_INPUT } }] });
  }
  if (request.method !== 'POST' && prepared.operation.kind !== 'query') {
    const message = 'Only queries may be sent with GET; send mutations with POST';
    return reply
      .code(405)
      .header('allow', 'POST')
      .send({ errors: [{ message, extensions: { code: BAD_USER_INPUT } }] });
  }
  if (prepared.operation.kind === 'mutation' && !request.headers[MUTATION_HEADER]) {
    return reply.code(400).send({ errors: [{ message: NO_MUTATION_HEADER, extensions: { code: BAD_USER_INPUT } }] });
  }
  request.operation = prepared.operation.label;
  const result = await pipeline.execute(prepared);
  request.outcome = result.errors?.length ? 'error' : 'ok';
  if (!result.errors?.length) return result;
  const errors = pipeline.formatErrors(result.errors);
  // Variables that do not fit their types stop the operation before it runs: no data.
  if (!('data' in result)) return reply.code(unexecutedStatus(request)).send({ errors });
  return { data: result.data ?? null, errors };
}

function refuse(request: FastifyRequest, reply: FastifyReply, refused: RefusedOperation) {
  if (refused.retryAfter) reply.code(429).header('retry-after', String(refused.retryAfter));
  else reply.code(unexecutedStatus(request));
  return reply.send({ errors: refused.errors });
}

/** A request that was not executed: 400 to clients of the spec's own media type, 200 to legacy application/json ones. */
function unexecutedStatus(request: FastifyRequest): number {
  return acceptsGraphQLResponseJson(request.headers.accept) ? 400 : 200;
}

type Params = OperationRequest | { status: number; error: GraphQLFormattedError };

const badRequest = (status: number, message: string): Params => ({ status, error: { message, extensions: { code: BAD_USER_INPUT } } });

/** The operation a request carries: in the URL for GET (variables as JSON text), in the JSON body for POST. */
function operationRequest(request: FastifyRequest): Params {
  if (!wellFormed(request)) return badRequest(400, NO_QUERY);
  if (request.method === 'POST') {
    const body = request.body as Record<string, unknown>;
    if (!optionalObject(body.variables) || !optionalObject(body.extensions) || !optionalString(body.operationName)) {
      return badRequest(400, BAD_PARAMETERS);
    }
    return body as unknown as OperationRequest;
  }
  if (request.validationError) return badRequest(unexecutedStatus(request), request.validationError.message);
  const params = request.query as { query: string; operationName?: string | null; variables?: string; extensions?: string };
  const variables = params.variables ? jsonObject(request, params.variables) : undefined;
  const extensions = params.extensions ? jsonObject(request, params.extensions) : undefined;
  if (variables === false || extensions === false) return badRequest(400, BAD_PARAMETERS);
  return { query: params.query, operationName: params.operationName, variables };
}

/**
 * A GraphQL-over-HTTP request carries its document as a string in `query` (of
 * the URL for GET, of the JSON body for POST). The body is checked here, not
 * by a JSON schema, as Fastify's schemas coerce types: `{"query":1}` would
 * reach the pipeline as the document "1", and `{"query":null}` as "".
 */
function wellFormed(request: FastifyRequest): boolean {
  const params = request.method === 'POST' ? request.body : request.query;
  return isObject(params) && typeof params.query === 'string';
}

const BAD_PARAMETERS = 'variables and extensions must be JSON objects (or null), operationName a string (or null)';

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Per the GraphQL-over-HTTP spec, an absent parameter and null mean the same. */
function optionalObject(value: unknown): boolean {
  return value === undefined || value === null || isObject(value);
}

function optionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

/** JSON text as an object (or null), parsed as safely as fastify parses bodies; false when it is not one. */
function jsonObject(request: FastifyRequest, text: string): Record<string, unknown> | null | false {
  let parsed: unknown = false;
  request.server.getDefaultJsonParser('error', 'error')(request, text, (err, value) => {
    if (!err) parsed = value;
  });
  return parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed)) ? (parsed as Record<string, unknown> | null) : false;
}

/** Errors raised before the handler answered: the HTTP layer's keep their status; anything else is the pipeline's to format. */
function answerHttpError(pipeline: OperationPipeline, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500;
  if (error.code?.startsWith('FST_') && status >= 400 && status < 500) {
    return reply.code(status).send({ errors: [{ message: error.message, extensions: { code: BAD_USER_INPUT } }] });
  }
  if (!wellFormed(request)) return reply.code(400).send({ errors: [{ message: NO_QUERY, extensions: { code: BAD_USER_INPUT } }] });
  const unexpected = error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
  return reply.code(unexecutedStatus(request)).send({ errors: pipeline.formatErrors([unexpected]) });
}

function negotiateMediaType(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, p: unknown) => void) {
  if (acceptsGraphQLResponseJson(request.headers.accept) && String(reply.getHeader('content-type') ?? '').startsWith('application/json')) {
    reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
  }
  done(null, payload);
}

function observe(request: FastifyRequest, reply: FastifyReply, done: () => void) {
  const req = request as GatewayRequest;
  if (req.startedAt) {
    const operation = req.operation ?? 'unparsed';
    metrics.latency.observe({ operation }, Number(process.hrtime.bigint() - req.startedAt) / 1e9);
    metrics.requests.inc({ operation, outcome: reply.statusCode >= 400 ? `http_${reply.statusCode}` : (req.outcome ?? 'ok') });
  }
  done();
}
