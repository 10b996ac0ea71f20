import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, RpcClient } from '@app/common';
import { AccountsSubjects, ErrorCode } from '@app/contracts';
import { GatewayEnv } from '../config/gateway.env';

/** The browser's refresh token: readable by no script, sent only to /auth (these two routes), only from this site. */
export const REFRESH_COOKIE = 'superapp_refresh';
const COOKIE_PATH = '/auth';

/**
 * Where the web app keeps its session: the refresh token in an HttpOnly,
 * Secure, SameSite=Strict cookie scoped to /auth, the access token in the
 * page's memory. After signIn (whose answer carries a refresh token, as the
 * contract says) the app hands that token here at once: it is rotated, so the
 * one a script saw is spent, and the live one is only in the cookie. Later
 * refreshes send nothing but the cookie. The GraphQL refreshSession keeps
 * working unchanged for every other client.
 */
@Controller('auth')
export class RefreshCookieController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly env: GatewayEnv,
  ) {}

  @Post('refresh')
  async refresh(@Req() req: FastifyRequest, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    reply.header('cache-control', 'no-store');
    // application/json only: a cross-site form cannot send it without a preflight this origin never allows.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return void reply.code(415).send({ code: ErrorCode.BadUserInput, message: 'Send application/json' });
    }
    const given = (body as { refreshToken?: unknown } | null)?.refreshToken;
    const token = typeof given === 'string' && given ? given : cookieValue(req.headers.cookie, REFRESH_COOKIE);
    if (!token) return void reply.code(401).send({ code: ErrorCode.Unauthenticated, message: 'No session' });
    try {
      const r = await this.rpc.send(AccountsSubjects.RefreshSession, { refreshToken: token.slice(0, 512) });
      reply.header('set-cookie', refreshCookie(r.refreshToken, this.env.REFRESH_COOKIE_DAYS * 24 * 3600));
      return void reply.code(200).send({ accessToken: r.accessToken, accessTokenExpiresAt: r.accessTokenExpiresAt, userId: r.user.id });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === ErrorCode.ServiceUnavailable) return void reply.code(503).send({ code: err.code, message: err.message });
      reply.header('set-cookie', refreshCookie('', 0));
      return void reply.code(401).send({ code: ErrorCode.Unauthenticated, message: err.message });
    }
  }

  /** Forgets the cookie (the app has signed out through signOut first). */
  @Post('signout')
  @HttpCode(204)
  signOut(@Res() reply: FastifyReply): void {
    void reply.code(204).header('set-cookie', refreshCookie('', 0)).header('cache-control', 'no-store').send();
  }
}

function refreshCookie(value: string, maxAgeSeconds: number): string {
  return `${REFRESH_COOKIE}=${encodeURIComponent(value)}; Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}
