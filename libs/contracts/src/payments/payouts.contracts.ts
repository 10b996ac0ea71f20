import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsoDate, PageInfo, Rpc } from '../common/rpc';
import { Rials } from './payments.responses';

/**
 * Payouts (contract v2): money out of the wallet to the user's own bank
 * account (Sheba). Served by the payments service, queue group "payments".
 */
export const PayoutsSubjects = {
  InspectIban: 'payments.iban.inspect.v1',
  AddBankAccount: 'payments.bank-account.add.v1',
  RemoveBankAccount: 'payments.bank-account.remove.v1',
  ListBankAccounts: 'payments.bank-account.list.v1',
  QuotePayout: 'payments.payout.quote.v1',
  RequestPayout: 'payments.payout.request.v1',
  CancelPayout: 'payments.payout.cancel.v1',
  ListPayouts: 'payments.payout.list.v1',
} as const;

/** Live on core NATS after each commit, one subject per owner; each event carries the whole payout. */
export const PayoutsLive = {
  payoutChanged: (userId: string) => `payments.payout.changed.v1.${userId}`,
} as const;

const MONEY = /^\d{1,19}$/;

export class InspectIbanRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(128) iban: string;
}

export class AddBankAccountRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(128) iban: string;
}

export class PayoutsIdRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) id: string;
}

export class ListBankAccountsRequest {
  @IsUUID() viewerId: string;
}

export class QuotePayoutRequest {
  @IsUUID() viewerId: string;
  @Matches(MONEY, { message: 'amount must be a whole number of rials' }) amount: string;
}

export class RequestPayoutRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) bankAccountId: string;
  @Matches(MONEY, { message: 'amount must be a whole number of rials' }) amount: string;
  @IsString() @MaxLength(256) idempotencyKey: string;
}

export class ListPayoutsRequest {
  @IsUUID() viewerId: string;
  @IsInt() @Min(1) @Max(100) first: number;
  @IsOptional() @IsString() @MaxLength(128) after?: string | null;
}

/** The bank an IBAN names, before it is saved. */
export interface IbanView {
  /** IR and 24 digits. */
  iban: string;
  bankCode: string;
  bankName: string;
  /** The bank's colour, #rrggbb. */
  bankColor: string;
}

export interface BankAccountView extends IbanView {
  id: string;
  /** The holder's name as the bank's inquiry reported it; null when it could not be asked. */
  ownerName: string | null;
  createdAt: IsoDate;
}

export const PAYOUT_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export interface PayoutView {
  id: string;
  amount: Rials;
  fee: Rials;
  bankAccount: BankAccountView;
  status: PayoutStatus;
  /** Whether cancelPayout can still stop it (PENDING and not yet sent to the bank). */
  cancellable: boolean;
  trackingCode: string;
  bankReference: string | null;
  failureReason: string | null;
  createdAt: IsoDate;
  completedAt: IsoDate | null;
}

export interface PayoutPage {
  edges: Array<{ node: PayoutView; cursor: string }>;
  pageInfo: PageInfo;
}

/** What a payout of this amount would cost and whether it fits the limits, before it is asked for. */
export interface PayoutQuoteView {
  amount: Rials;
  fee: Rials;
  /** amount + fee: what leaves the wallet. */
  total: Rials;
  minAmount: Rials;
  maxAmount: Rials;
  /** What the viewer may still pay out today (Tehran day). */
  dailyRemaining: Rials;
}

export interface PayoutChangedEvent {
  userId: string;
  payout: PayoutView;
}

export type PayoutsRpc = {
  [PayoutsSubjects.InspectIban]: Rpc<InspectIbanRequest, IbanView>;
  [PayoutsSubjects.AddBankAccount]: Rpc<AddBankAccountRequest, BankAccountView>;
  [PayoutsSubjects.RemoveBankAccount]: Rpc<PayoutsIdRequest, boolean>;
  [PayoutsSubjects.ListBankAccounts]: Rpc<ListBankAccountsRequest, BankAccountView[]>;
  [PayoutsSubjects.QuotePayout]: Rpc<QuotePayoutRequest, PayoutQuoteView>;
  [PayoutsSubjects.RequestPayout]: Rpc<RequestPayoutRequest, PayoutView>;
  [PayoutsSubjects.CancelPayout]: Rpc<PayoutsIdRequest, PayoutView>;
  [PayoutsSubjects.ListPayouts]: Rpc<ListPayoutsRequest, PayoutPage>;
};
