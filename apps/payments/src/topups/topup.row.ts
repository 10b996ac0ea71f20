import { TopUpStatus, TopUpView } from '@app/contracts';

export interface TopUpRow {
  id: string;
  user_id: string;
  amount: string;
  /** The bank it went through (a BankName; the column predates the word "bank" in the code). */
  gateway: string;
  authority: string;
  payment_url: string;
  status: TopUpStatus;
  bank_reference: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export const TOP_UP_COLUMNS = `id, user_id, amount, gateway, authority, payment_url, status, bank_reference, created_at, completed_at`;

export function toTopUpView(row: TopUpRow): TopUpView {
  return {
    id: row.id,
    amount: String(row.amount),
    status: row.status,
    paymentUrl: row.payment_url,
    bankReference: row.bank_reference,
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
  };
}
