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
  /** v2: finishUpload before every byte arrived; `received` counts the bytes that did. */
  UploadIncomplete = 'UPLOAD_INCOMPLETE',
  /** v2: what arrived cannot be used; `reason` says why (TOO_LARGE, TYPE_MISMATCH, CHECKSUM, UNREADABLE, QUOTA). */
  MediaRejected = 'MEDIA_REJECTED',
  Internal = 'INTERNAL',
}

/** What crosses NATS when a handler fails. */
export interface RpcErrorPayload {
  code: ErrorCode;
  message: string;
  /** The input that broke its rules (BAD_USER_INPUT). */
  field?: string;
  /** Why a bill failed its check (INVALID_BILL), an IBAN (INVALID_IBAN), or why media was refused (MEDIA_REJECTED). */
  reason?: string;
  /** Seconds to wait (RATE_LIMITED). */
  retryAfter?: number;
  /** Bytes that arrived (UPLOAD_INCOMPLETE). */
  received?: number;
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
