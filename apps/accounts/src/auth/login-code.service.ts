import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { DomainError, LOGGER, maskPhone, queryRow, queryRows } from '@app/common';
import { ErrorCode, LoginCodeSentResponse } from '@app/contracts';
import { AccountsEnv } from '../config/accounts.env';
import { normalizePhone } from '../phone/phone.rules';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { loginCodeText, SmsProvider } from '../sms/sms.provider';
import { TokenService } from './token.service';

@Injectable()
export class LoginCodeService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: AccountsEnv,
    private readonly tokens: TokenService,
    private readonly limits: RateLimitService,
    private readonly sms: SmsProvider,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Issues a fresh 5-digit code. The resend interval is enforced by a
   * conditional upsert (two racing requests cannot both send), and the hourly
   * per-number and per-address limits count in the same transaction.
   */
  async request(rawPhone: string, address: string): Promise<LoginCodeSentResponse> {
    const phone = normalizePhone(rawPhone);
    const code = String(randomInt(0, 100000)).padStart(5, '0');
    const hash = this.tokens.hashCode(phone, code);
    const expiresAt = await this.ds.transaction(async (db) => {
      const issued = await queryRows<{ expires_at: Date }>(
        db,
        `INSERT INTO login_codes (phone, code_hash, expires_at, attempts, sent_at)
         VALUES ($1, $2, now() + make_interval(secs => $3), 0, now())
         ON CONFLICT (phone) DO UPDATE
           SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at, attempts = 0, sent_at = now()
           WHERE login_codes.sent_at <= now() - make_interval(secs => $4)
         RETURNING expires_at`,
        [phone, hash, this.env.LOGIN_CODE_TTL_SECONDS, this.env.LOGIN_CODE_RESEND_SECONDS],
      );
      if (!issued.length) {
        const last = await queryRow<{ wait: number }>(
          db,
          `SELECT extract(epoch FROM (sent_at + make_interval(secs => $2) - now()))::float AS wait FROM login_codes WHERE phone = $1`,
          [phone, this.env.LOGIN_CODE_RESEND_SECONDS],
        );
        throw DomainError.rateLimited(last?.wait ?? 1, 'A code was sent a moment ago; wait before asking for another');
      }
      await this.limits.hit(db, `code:phone:${phone}`, this.env.LOGIN_CODES_PER_NUMBER_PER_HOUR, 3600);
      await this.limits.hit(db, `code:addr:${address}`, this.env.LOGIN_CODES_PER_ADDRESS_PER_HOUR, 3600);
      return issued[0].expires_at;
    });
    try {
      await this.sms.send({ to: phone, text: loginCodeText(code), code });
    } catch (err) {
      // Withdraw the code so that the person may ask again at once.
      await queryRows<never>(this.ds, `DELETE FROM login_codes WHERE phone = $1 AND code_hash = $2`, [phone, hash]);
      this.logger.error({ err, to: maskPhone(phone) }, 'SMS delivery failed');
      throw new DomainError(ErrorCode.ServiceUnavailable, 'The SMS could not be sent; try again in a moment');
    }
    return { phone, expiresAt: new Date(expiresAt).toISOString(), retryAfter: this.env.LOGIN_CODE_RESEND_SECONDS };
  }

  /**
   * Counts one try against the code and tells whether it matched. The count
   * and the limit check are one statement, so parallel guesses cannot exceed
   * the allowed tries; a code at its limit or past expiry matches nothing.
   */
  async check(phone: string, code: string): Promise<string> {
    const row = await queryRow<{ code_hash: string }>(
      this.ds,
      `UPDATE login_codes SET attempts = attempts + 1
        WHERE phone = $1 AND attempts < $2 AND expires_at > now()
        RETURNING code_hash`,
      [phone, this.env.LOGIN_CODE_MAX_TRIES],
    );
    const hash = this.tokens.hashCode(phone, code);
    if (!row || !this.tokens.sameHash(row.code_hash, hash)) {
      throw new DomainError(ErrorCode.InvalidCode, 'The code is wrong or has expired');
    }
    return hash;
  }

  /** Spends the code; false when a concurrent sign-in spent it first. */
  async consume(phone: string, hash: string): Promise<boolean> {
    const spent = await queryRows<{ phone: string }>(
      this.ds,
      `DELETE FROM login_codes WHERE phone = $1 AND code_hash = $2 RETURNING phone`,
      [phone, hash],
    );
    return spent.length === 1;
  }
}
