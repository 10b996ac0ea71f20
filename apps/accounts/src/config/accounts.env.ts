import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { DatabaseEnv } from '@app/common';

export class AccountsEnv extends DatabaseEnv {
  /** This service's own PostgreSQL; DATABASE_URL when empty. */
  @IsString() ACCOUNTS_DATABASE_URL = '';
  /** Unset outside production: generated once into DATA_DIR. */
  @IsString() JWT_SECRET = '';
  @IsInt() @Min(60) @Max(86400) ACCESS_TOKEN_TTL_SECONDS = 900;
  @IsInt() @Min(1) @Max(365) REFRESH_TOKEN_TTL_DAYS = 60;
  @IsIn(['file', 'kavenegar']) SMS_PROVIDER = 'file';
  /** Default: <DATA_DIR>/sms-outbox.jsonl */
  @IsString() SMS_OUTBOX = '';
  @IsString() KAVENEGAR_API_KEY = '';
  @IsString() KAVENEGAR_SENDER = '';
  @IsString() KAVENEGAR_BASE_URL = 'https://api.kavenegar.com';
  @IsInt() @Min(10) @Max(3600) LOGIN_CODE_TTL_SECONDS = 120;
  @IsInt() @Min(0) @Max(3600) LOGIN_CODE_RESEND_SECONDS = 60;
  @IsInt() @Min(1) @Max(20) LOGIN_CODE_MAX_TRIES = 5;
  @IsInt() @Min(1) LOGIN_CODES_PER_NUMBER_PER_HOUR = 6;
  @IsInt() @Min(1) LOGIN_CODES_PER_ADDRESS_PER_HOUR = 30;
  @IsInt() @Min(1) @Max(100) PASSWORD_MAX_TRIES = 5;
  @IsInt() @Min(1) PASSWORD_LOCK_SECONDS = 900;
  /** Numbers a user may look up for the first time per day (contacts not already uploaded): the enumeration limit. */
  @IsInt() @Min(1) CONTACTS_NEW_NUMBERS_PER_DAY = 1000;
  /** Contacts a user may keep uploaded. */
  @IsInt() @Min(1) CONTACTS_MAX = 5000;

  /** Refuses the unsafe development defaults in production. */
  assertSafeForProduction(): void {
    if (!this.production) return;
    if (this.SMS_PROVIDER === 'file') throw new Error('NODE_ENV=production refuses SMS_PROVIDER=file: set SMS_PROVIDER=kavenegar');
    if (this.SMS_PROVIDER === 'kavenegar' && !this.KAVENEGAR_API_KEY) throw new Error('SMS_PROVIDER=kavenegar needs KAVENEGAR_API_KEY');
  }
}
