import { ErrorCode } from '@app/contracts';

/**
 * The one place where a service's error code becomes the contract's
 * `extensions.code`. The switch has no default, so a new code that is not
 * mapped here fails to compile.
 */
export function contractCode(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.Unauthenticated:
      return 'UNAUTHENTICATED';
    case ErrorCode.Forbidden:
      return 'FORBIDDEN';
    case ErrorCode.NotFound:
      return 'NOT_FOUND';
    case ErrorCode.BadUserInput:
      return 'BAD_USER_INPUT';
    case ErrorCode.InvalidCode:
      return 'INVALID_CODE';
    case ErrorCode.PasswordRequired:
      return 'PASSWORD_REQUIRED';
    case ErrorCode.InvalidPassword:
      return 'INVALID_PASSWORD';
    case ErrorCode.InvalidBill:
      return 'INVALID_BILL';
    case ErrorCode.BillAlreadyPaid:
      return 'BILL_ALREADY_PAID';
    case ErrorCode.InsufficientFunds:
      return 'INSUFFICIENT_FUNDS';
    case ErrorCode.IdempotencyConflict:
      return 'IDEMPOTENCY_CONFLICT';
    case ErrorCode.RateLimited:
      return 'RATE_LIMITED';
    case ErrorCode.QueryTooComplex:
      return 'QUERY_TOO_COMPLEX';
    case ErrorCode.ServiceUnavailable:
      return 'SERVICE_UNAVAILABLE';
    case ErrorCode.InvalidIban:
      return 'INVALID_IBAN';
    case ErrorCode.AlreadyClosed:
      return 'ALREADY_CLOSED';
    case ErrorCode.UploadIncomplete:
      return 'UPLOAD_INCOMPLETE';
    case ErrorCode.MediaRejected:
      return 'MEDIA_REJECTED';
    case ErrorCode.Internal:
      return 'INTERNAL';
  }
}
