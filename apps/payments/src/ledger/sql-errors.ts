import { DomainError } from '@app/common';
import { ErrorCode } from '@app/contracts';

/** What the ledger functions raise (their SQLSTATEs, in database/functions/*.sql); each rolls the whole call back. */
const RAISED: Record<string, () => DomainError> = {
  PY001: () => new DomainError(ErrorCode.InsufficientFunds, 'The wallet balance is below the amount'),
  PY002: () => new DomainError(ErrorCode.IdempotencyConflict, 'This idempotency key was already used with different arguments'),
  PY003: () => new DomainError(ErrorCode.BillAlreadyPaid, 'This bill was paid before'),
  PY004: () => DomainError.badInput('amount', 'The amount is over your daily transfer limit'),
  // Payouts (request_payout.sql): their own range, PY5xx.
  PY501: () => DomainError.notFound('No such bank account'),
  PY502: () => DomainError.badInput('amount', 'The amount is over your daily payout limit'),
  PYM01: () => new DomainError(ErrorCode.AlreadyClosed, 'This request or split is no longer open'),
  PYM02: () => DomainError.forbidden('You may not do this to this request or split'),
  PYM03: () => DomainError.notFound('No such request or split'),
};

export const UNIQUE_VIOLATION = '23505';

interface PgError {
  code?: string;
  constraint?: string;
}

/** The domain error a ledger function raised, or undefined for anything else. */
export function ledgerError(err: unknown): DomainError | undefined {
  const code = (err as PgError)?.code;
  return code ? RAISED[code]?.() : undefined;
}

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  return (err as PgError)?.code === UNIQUE_VIOLATION && (err as PgError).constraint === constraint;
}

/**
 * Runs a posting with a fresh tracking code, again when a random code collided
 * with an existing one (the whole call rolled back, so a retry is clean).
 */
export async function withTrackingCode<T>(post: (code: string) => Promise<T>, newCode: () => string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post(newCode());
    } catch (err) {
      const mapped = ledgerError(err);
      if (mapped) throw mapped;
      if (attempt < 5 && isUniqueViolation(err, 'transfers_tracking_code_key')) continue;
      throw err;
    }
  }
}
