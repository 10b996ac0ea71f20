/**
 * The error codes of the public contract (CONTRACT.md, "Errors"). Services
 * send one of these over NATS as `{ code, message }`; the gateway maps each to
 * `extensions.code` in one exhaustive switch. Wire values never change.
 */
export enum ErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  BadUserInput = 'BAD_USER_INPUT',
  InvalidCode = 'INVALID_CODE',
  PasswordRequired = 'PASSWORD_REQUIRED',
  InvalidPassword = 'INVALID_PASSWORD',
  InvalidBill = 'INVALID_BILL',
  BillAlreadyPaid = 'BILL_ALREADY_PAID',
  InsufficientFunds = 'INSUFFICIENT_FUNDS',
  IdempotencyConflict = 'IDEMPOTENCY_CONFLICT',
  RateLimited = 'RATE_LIMITED',
  QueryTooComplex = 'QUERY_TOO_COMPLEX',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  /** v2 Payouts: an IBAN refused; reason FORMAT, CHECKSUM or UNKNOWN_BANK. */
  InvalidIban = 'INVALID_IBAN',
  /** v2: paying, declining or cancelling a money request or bill split that is no longer open. */
  AlreadyClosed = 'ALREADY_CLOSED',
  Internal = 'INTERNAL',
}

/** What crosses NATS when a handler fails. */
export interface RpcErrorPayload {
  code: ErrorCode;
  message: string;
  /** The input that broke its rules (BAD_USER_INPUT). */
  field?: string;
  /** Why a bill failed its check (INVALID_BILL), or an IBAN (INVALID_IBAN). */
  reason?: string;
  /** Seconds to wait (RATE_LIMITED). */
  retryAfter?: number;
  /** Logged id of an unexpected failure (INTERNAL). */
  errorId?: string;
}

export function isRpcErrorPayload(value: unknown): value is RpcErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorPayload).code === 'string' &&
    Object.values(ErrorCode).includes((value as RpcErrorPayload).code)
  );
}
