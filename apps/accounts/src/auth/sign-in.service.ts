import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, queryRow, queryRows } from '@app/common';
import { AuthResponse, ErrorCode, SignInRequest } from '@app/contracts';
import { toAsciiDigits, normalizeDisplayText } from '@app/persian';
import { normalizePhone } from '../phone/phone.rules';
import { PasswordService } from '../passwords/password.service';
import { SessionService } from '../sessions/session.service';
import { cleanDisplayName, userSearchKey } from '../users/user.rules';
import { LoginCodeService } from './login-code.service';

@Injectable()
export class SignInService {
  constructor(
    private readonly ds: DataSource,
    private readonly codes: LoginCodeService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Code, then (when set) the two-step password, then the display name of a
   * new account. The code is spent only when everything else holds, so a
   * client told PASSWORD_REQUIRED or asked for a display name simply calls
   * again with the same code; every call still counts as one of its tries.
   */
  async signIn(input: SignInRequest): Promise<AuthResponse> {
    const phone = normalizePhone(input.phone);
    const code = toAsciiDigits(input.code).trim();
    if (!/^\d{5}$/.test(code)) throw new DomainError(ErrorCode.InvalidCode, 'The code has 5 digits');
    const codeHash = await this.codes.check(phone, code);

    const user = await queryRow<{ id: string; password_hash: string | null }>(
      this.ds,
      `SELECT id, password_hash FROM users WHERE phone = $1`,
      [phone],
    );
    if (user?.password_hash) await this.passwords.verifyFor(user.id, user.password_hash, input.password);
    const displayName = user ? null : this.newAccountName(input.displayName);

    if (!(await this.codes.consume(phone, codeHash))) {
      throw new DomainError(ErrorCode.InvalidCode, 'The code was already used');
    }
    const deviceName = input.deviceName ? normalizeDisplayText(input.deviceName).slice(0, 128) || null : null;
    return this.ds.transaction(async (db) => {
      let userId = user?.id;
      let created = false;
      if (!userId) {
        const inserted = await queryRows<{ id: string }>(
          db,
          `INSERT INTO users (phone, display_name, search_key, last_seen_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (phone) DO NOTHING RETURNING id`,
          [phone, displayName, userSearchKey(displayName!, null)],
        );
        created = inserted.length === 1;
        userId = created ? inserted[0].id : (await queryRow<{ id: string }>(db, `SELECT id FROM users WHERE phone = $1`, [phone]))!.id;
      }
      return this.sessions.open(db, userId, deviceName, created);
    });
  }

  private newAccountName(input: string | null | undefined): string {
    if (!input || !input.trim()) throw DomainError.badInput('displayName', 'A new account needs a display name');
    return cleanDisplayName(input);
  }
}
