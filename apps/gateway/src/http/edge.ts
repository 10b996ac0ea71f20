import { timingSafeEqual } from 'node:crypto';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayEnv } from '../config/gateway.env';

/**
 * The header a mutation over HTTP must carry (any value). It is not one a
 * browser may send cross-site without asking first (a CORS preflight), which
 * only configured origins pass: so no other website can make a visitor's
 * browser send a mutation (a sign-in code, a refresh). Servers and apps set
 * it like any header.
 */
export const MUTATION_HEADER = 'x-requested-with';

/** What every answer of the API carries: nothing in it is to be sniffed, framed, or run as a page. */
const API_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

const API_PATHS = /^\/(graphql|healthz|readyz|metrics)(\?|\/|$)/;

/**
 * The HTTP edge outside GraphQL itself: security headers on the API's
 * answers (HSTS too in production), and /metrics behind METRICS_TOKEN (in
 * production, without a token, not served at all).
 */
export function guardEdge(fastify: FastifyInstance, env: GatewayEnv): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!API_PATHS.test(request.url)) return done();
    for (const [name, value] of Object.entries(API_HEADERS)) reply.header(name, value);
    if (env.production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (!/^\/metrics(\?|$)/.test(request.url)) return done();
    if (!env.METRICS_TOKEN) {
      if (env.production) return reply.code(404).send({ message: 'Not Found', statusCode: 404 });
      return done();
    }
    if (!bearerMatches(request.headers.authorization, env.METRICS_TOKEN)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ message: 'Unauthorized', statusCode: 401 });
    }
    done();
  });
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** CORS: only CORS_ORIGINS (none by default, so only the gateway's own origin, the web app, may call it from a browser). */
export function corsOptions(env: GatewayEnv) {
  return {
    origin: env.corsOrigins,
    // PUT, PATCH and HEAD with tus's headers: uploads (contract: Uploads and downloads).
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'HEAD'],
    allowedHeaders: [
      'content-type',
      'authorization',
      MUTATION_HEADER,
      'x-correlation-id',
      'tus-resumable',
      'upload-offset',
      'upload-length',
      'range',
    ],
    exposedHeaders: [
      'x-correlation-id',
      'retry-after',
      'tus-resumable',
      'upload-offset',
      'upload-length',
      'etag',
      'content-range',
      'accept-ranges',
    ],
    maxAge: 600,
  };
}
