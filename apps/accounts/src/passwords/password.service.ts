import { Injectable } from '@nestjs/common';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';
import { ErrorCode } from '@app/contracts';
import { AccountsEnv } from '../config/accounts.env';

const MIN_LENGTH = 6;
const MAX_LENGTH = 256;

/** The two-step password: argon2id hashes, and a lock after too many wrong tries. */
@Injectable()
export class PasswordService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: AccountsEnv,
  ) {}

  /**
   * Checks a user's password. Wrong tries are counted in the row; past the
   * limit the account refuses every try (even a right one) until the lock ends.
   */
  async verifyFor(userId: string, passwordHash: string, password: string | null | undefined): Promise<void> {
    if (!password) throw new DomainError(ErrorCode.PasswordRequired, 'This account has a two-step password');
    const lock = await queryRow<{ wait: number }>(
      this.ds,
      `SELECT extract(epoch FROM (password_locked_until - now()))::float AS wait FROM users WHERE id = $1 AND password_locked_until > now()`,
      [userId],
    );
    if (lock) throw DomainError.rateLimited(lock.wait, 'Too many wrong passwords; try again later');
    if (await verify(passwordHash, password)) {
      await queryRows<never>(this.ds, `UPDATE users SET password_failures = 0 WHERE id = $1 AND password_failures > 0`, [userId]);
      return;
    }
    await queryRows<never>(
      this.ds,
      `UPDATE users SET password_failures = password_failures + 1,
              password_locked_until = CASE WHEN password_failures + 1 >= $2 THEN now() + make_interval(secs => $3) END
        WHERE id = $1`,
      [userId, this.env.PASSWORD_MAX_TRIES, this.env.PASSWORD_LOCK_SECONDS],
    );
    throw new DomainError(ErrorCode.InvalidPassword, 'The password is wrong');
  }

  /**
   * Confirms a step with the viewer's password: true when right, false when
   * they have none; a wrong one counts toward the lock as at sign-in.
   */
  async check(viewerId: string, password: string): Promise<boolean> {
    const user = await queryRow<{ password_hash: string | null }>(this.ds, `SELECT password_hash FROM users WHERE id = $1`, [viewerId]);
    if (!user) throw DomainError.notFound('No such user');
    if (!user.password_hash) return false;
    await this.verifyFor(viewerId, user.password_hash, password);
    return true;
  }

  /** Sets, changes or (newPassword null) removes the viewer's password; the current one is needed when there is one. */
  async set(viewerId: string, currentPassword: string | null | undefined, newPassword: string | null | undefined): Promise<boolean> {
    const user = await queryRow<{ password_hash: string | null }>(this.ds, `SELECT password_hash FROM users WHERE id = $1`, [viewerId]);
    if (!user) throw DomainError.notFound('No such user');
    if (user.password_hash) await this.verifyFor(viewerId, user.password_hash, currentPassword);
    let next: string | null = null;
    if (newPassword !== null && newPassword !== undefined) {
      if ([...newPassword].length < MIN_LENGTH || [...newPassword].length > MAX_LENGTH) {
        throw DomainError.badInput('newPassword', `A password has ${MIN_LENGTH} to ${MAX_LENGTH} characters`);
      }
      next = await hash(newPassword, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    }
    await queryRows<never>(
      this.ds,
      `UPDATE users SET password_hash = $2, password_failures = 0, password_locked_until = NULL, updated_at = now() WHERE id = $1`,
      [viewerId, next],
    );
    return true;
  }
}
