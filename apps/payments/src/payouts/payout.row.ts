import { BankAccountView, IbanView, PayoutStatus, PayoutView } from '@app/contracts';
import { IRANIAN_BANKS } from './iranian-banks';

export interface BankAccountRow {
  id: string;
  iban: string;
  bank_code: string;
  owner_name: string | null;
  created_at: Date;
}

export interface PayoutRow {
  id: string;
  seq: string;
  user_id: string;
  amount: string;
  fee: string;
  status: PayoutStatus;
  provider: string;
  reference: string;
  send_state: 'QUEUED' | 'SENDING' | 'SENT';
  sent_at: Date | null;
  tracking_code: string;
  bank_reference: string | null;
  failure_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
  /** The bank account, as it was (a removed one still shows). */
  ba_id: string;
  ba_iban: string;
  ba_bank_code: string;
  ba_owner_name: string | null;
  ba_created_at: Date;
}

export const BANK_ACCOUNT_COLUMNS = `id, iban, bank_code, owner_name, created_at`;

/** Every payout column with its bank account's, for a query that adds WHERE / ORDER BY. */
export const SELECT_PAYOUTS = `
  SELECT p.id, p.seq, p.user_id, p.amount, p.fee, p.status, p.provider, p.reference, p.send_state, p.sent_at,
         p.tracking_code, p.bank_reference, p.failure_reason, p.created_at, p.completed_at,
         b.id AS ba_id, b.iban AS ba_iban, b.bank_code AS ba_bank_code, b.owner_name AS ba_owner_name, b.created_at AS ba_created_at
    FROM payouts p JOIN bank_accounts b ON b.id = p.bank_account_id`;

export function toIbanView(iban: string, bankCode: string): IbanView {
  const bank = IRANIAN_BANKS.get(bankCode);
  return { iban, bankCode, bankName: bank?.name ?? bankCode, bankColor: bank?.color ?? '#607d8b' };
}

export function toBankAccountView(row: BankAccountRow): BankAccountView {
  return {
    id: row.id,
    ...toIbanView(row.iban, row.bank_code),
    ownerName: row.owner_name,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function toPayoutView(row: PayoutRow): PayoutView {
  return {
    id: row.id,
    amount: String(row.amount),
    fee: String(row.fee),
    bankAccount: toBankAccountView({
      id: row.ba_id,
      iban: row.ba_iban,
      bank_code: row.ba_bank_code,
      owner_name: row.ba_owner_name,
      created_at: row.ba_created_at,
    }),
    status: row.status,
    cancellable: row.status === 'PENDING' && row.send_state === 'QUEUED',
    trackingCode: row.tracking_code,
    bankReference: row.bank_reference,
    failureReason: row.failure_reason,
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
  };
}
