import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DomainError, isUuid, LOGGER, queryRow, queryRows } from '@app/common';
import { AddBankAccountRequest, BankAccountView, IbanView, InspectIbanRequest, PayoutsIdRequest } from '@app/contracts';
import { PayoutProviderRegistry } from '../banks/payout-providers/payout-provider.registry';
import { PaymentsEnv } from '../config/payments.env';
import { parseIban } from './iban.rules';
import { BANK_ACCOUNT_COLUMNS, BankAccountRow, toBankAccountView, toIbanView } from './payout.row';

/** How long adding an account waits for the bank's owner inquiry before saving it without a name. */
const OWNER_INQUIRY_TIMEOUT_MS = 3_000;

@Injectable()
export class BankAccountService {
  /** Accounts whose holder is being asked for now, by this copy. */
  private readonly asking = new Set<string>();

  constructor(
    private readonly ds: DataSource,
    private readonly env: PaymentsEnv,
    private readonly providers: PayoutProviderRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The bank an IBAN names, or INVALID_IBAN with the reason: what the web app shows while a number is typed. */
  inspect(input: InspectIbanRequest): IbanView {
    const { iban, bank } = parseIban(input.iban);
    return toIbanView(iban, bank.code);
  }

  /**
   * Saves one of the viewer's bank accounts, with its holder's name from the
   * provider's IBAN inquiry (shown before the first payout to it). The same
   * IBAN added again answers the account already saved.
   */
  async add(input: AddBankAccountRequest): Promise<BankAccountView> {
    const { iban, bank } = parseIban(input.iban);
    const existing = await this.byIban(input.viewerId, iban);
    if (existing) return toBankAccountView(existing);
    const count = await queryRow<{ n: number }>(
      this.ds,
      `SELECT count(*)::int AS n FROM bank_accounts WHERE user_id = $1 AND removed_at IS NULL`,
      [input.viewerId],
    );
    if (count!.n >= this.env.BANK_ACCOUNTS_MAX) {
      throw DomainError.badInput('iban', `You can keep at most ${this.env.BANK_ACCOUNTS_MAX} bank accounts; remove one first`);
    }
    const ownerName = await this.ownerName(iban);
    const row = await queryRow<BankAccountRow>(
      this.ds,
      `INSERT INTO bank_accounts (id, user_id, iban, bank_code, owner_name) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, iban) WHERE removed_at IS NULL DO NOTHING
       RETURNING ${BANK_ACCOUNT_COLUMNS}`,
      [randomUUID(), input.viewerId, iban, bank.code, ownerName],
    );
    // A concurrent add of the same IBAN won: answer its account.
    return toBankAccountView(row ?? (await this.byIban(input.viewerId, iban))!);
  }

  /** Hides the account from the list and from new payouts; payouts already made to it keep showing it. */
  async remove(input: PayoutsIdRequest): Promise<boolean> {
    if (!isUuid(input.id)) throw DomainError.notFound('No such bank account');
    const rows = await queryRows<{ id: string }>(
      this.ds,
      `UPDATE bank_accounts SET removed_at = now() WHERE id = $1 AND user_id = $2 AND removed_at IS NULL RETURNING id`,
      [input.id, input.viewerId],
    );
    if (!rows.length) throw DomainError.notFound('No such bank account');
    return true;
  }

  async list(viewerId: string): Promise<BankAccountView[]> {
    const rows = await queryRows<BankAccountRow>(
      this.ds,
      `SELECT ${BANK_ACCOUNT_COLUMNS} FROM bank_accounts WHERE user_id = $1 AND removed_at IS NULL ORDER BY seq`,
      [viewerId],
    );
    // An account saved while the inquiry failed is asked again, in the background, so its holder shows before a payout.
    for (const row of rows.filter((r) => r.owner_name === null)) void this.askOwnerAgain(row);
    return rows.map(toBankAccountView);
  }

  private async askOwnerAgain(row: BankAccountRow): Promise<void> {
    if (this.asking.has(row.id)) return;
    this.asking.add(row.id);
    try {
      const name = await this.ownerName(row.iban);
      if (name) await queryRows(this.ds, `UPDATE bank_accounts SET owner_name = $2 WHERE id = $1 AND owner_name IS NULL`, [row.id, name]);
    } catch (err) {
      this.logger.warn({ bankAccountId: row.id, err: String((err as Error).message) }, 'IBAN owner inquiry could not be saved');
    } finally {
      this.asking.delete(row.id);
    }
  }

  private byIban(viewerId: string, iban: string): Promise<BankAccountRow | undefined> {
    return queryRow<BankAccountRow>(
      this.ds,
      `SELECT ${BANK_ACCOUNT_COLUMNS} FROM bank_accounts WHERE user_id = $1 AND iban = $2 AND removed_at IS NULL`,
      [viewerId, iban],
    );
  }

  /** The holder's name, or null when the inquiry fails or is slow: the account is saved either way. */
  private async ownerName(iban: string): Promise<string | null> {
    try {
      const inquiry = this.providers.active.ownerName(iban);
      const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), OWNER_INQUIRY_TIMEOUT_MS).unref());
      return await Promise.race([inquiry, timeout]);
    } catch (err) {
      this.logger.warn({ provider: this.providers.active.name, err: String((err as Error).message) }, 'IBAN owner inquiry failed');
      return null;
    }
  }
}
