import { IsoDate, PageInfo } from '../common/rpc';

/** Every amount crosses NATS as a decimal string of rials: never a float. */
export type Rials = string;

export interface WalletView {
  id: string;
  balance: Rials;
  currency: 'IRR';
}

export const TRANSACTION_KINDS = [
  'TOP_UP',
  'TRANSFER_IN',
  'TRANSFER_OUT',
  'BILL_PAYMENT',
  'REFUND',
  // v2 Payouts
  'PAYOUT',
  'PAYOUT_RETURNED',
  'BILL_SHARE',
  'BILL_SHARE_RETURNED',
] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export const BILL_TYPES = ['WATER', 'ELECTRICITY', 'GAS', 'LANDLINE', 'MOBILE', 'MUNICIPALITY', 'TAX', 'TRAFFIC_FINE', 'OTHER'] as const;
export type BillType = (typeof BILL_TYPES)[number];

export const TOP_UP_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED'] as const;
export type TopUpStatus = (typeof TOP_UP_STATUSES)[number];

export interface BillPaymentView {
  id: string;
  billId: string;
  paymentId: string;
  type: BillType;
  amount: Rials;
  trackingCode: string;
  paidAt: IsoDate;
}

/** One ledger transfer as one wallet saw it. */
export interface TransactionView {
  id: string;
  kind: TransactionKind;
  amount: Rials;
  balanceAfter: Rials;
  trackingCode: string;
  description: string | null;
  /** The other user of a transfer; the gateway resolves it as the viewer may see them. */
  counterpartyId: string | null;
  billPayment: BillPaymentView | null;
  createdAt: IsoDate;
}

export interface TransactionPage {
  edges: Array<{ node: TransactionView; cursor: string }>;
  pageInfo: PageInfo;
}

export interface BillPaymentPage {
  edges: Array<{ node: BillPaymentView; cursor: string }>;
  pageInfo: PageInfo;
}

export interface TopUpView {
  id: string;
  amount: Rials;
  status: TopUpStatus;
  paymentUrl: string;
  bankReference: string | null;
  createdAt: IsoDate;
  completedAt: IsoDate | null;
}

export interface TransferView {
  id: string;
  fromUserId: string;
  toUserId: string;
  amount: Rials;
  note: string | null;
  trackingCode: string;
  /** Null while messaging has not told us the direct conversation (it posts the message there anyway). */
  conversationId: string | null;
  createdAt: IsoDate;
}

export interface BillInfoView {
  billId: string;
  paymentId: string;
  type: BillType;
  amount: Rials;
  companyCode: string;
  alreadyPaid: boolean;
}

/** What the sandbox bank's page shows. */
export interface SandboxSessionView {
  authority: string;
  amount: Rials;
  description: string;
  /** OPEN until the payer decides; then the page only links back to the merchant. */
  state: 'OPEN' | 'PAID' | 'CANCELLED' | 'VERIFIED' | 'REVERSED';
  callbackUrl: string;
}

/** Where the sandbox bank sends the browser (303), as a real one redirects to the merchant. */
export interface SandboxDecisionView {
  redirectUrl: string;
}

/** What the callback's result page shows: no more than the payer already knows. */
export interface TopUpCallbackView {
  topUpId: string | null;
  status: TopUpStatus | 'UNKNOWN';
  amount: Rials | null;
  bankReference: string | null;
}

/** Published on PaymentsLive.walletChanged(userId) after each committed balance change. */
export interface WalletChangedEvent {
  userId: string;
  /** The ledger position of the change: later changes carry larger versions, so a stale event can be dropped. */
  version: string;
  wallet: WalletView;
}
