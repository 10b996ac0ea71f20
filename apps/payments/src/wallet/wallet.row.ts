import { WalletView } from '@app/contracts';

export interface WalletRow {
  id: string;
  balance: string;
}

export function toWalletView(row: WalletRow): WalletView {
  return { id: row.id, balance: String(row.balance), currency: 'IRR' };
}
