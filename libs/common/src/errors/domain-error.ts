import { ErrorCode, RpcErrorPayload } from '@app/contracts';

/**
 * A failure the caller is meant to see: it crosses NATS as `{ code, message }`
 * and reaches the client with the contract's code. Anything else thrown is a
 * bug and becomes INTERNAL with a logged error id.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<RpcErrorPayload, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toPayload(): RpcErrorPayload {
    return { code: this.code, message: this.message, ...this.extra };
  }

  static badInput(field: string, message: string): DomainError {
    return new DomainError(ErrorCode.BadUserInput, message, { field });
  }
  static notFound(message = 'Not found'): DomainError {
    return new DomainError(ErrorCode.NotFound, message);
  }
  static forbidden(message = 'Not allowed'): DomainError {
    return new DomainError(ErrorCode.Forbidden, message);
  }
  static unauthenticated(message = 'Sign in again'): DomainError {
    return new DomainError(ErrorCode.Unauthenticated, message);
  }
  static rateLimited(retryAfter: number, message = 'Too many requests; try again later'): DomainError {
    return new DomainError(ErrorCode.RateLimited, message, { retryAfter: Math.max(1, Math.ceil(retryAfter)) });
  }
}
