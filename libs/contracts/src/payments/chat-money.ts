import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { IsoDate, Rpc } from '../common/rpc';
import { GetPaymentRefsRequest } from './payments.requests';
import { BillInfoView, BillPaymentView, Rials, TransferView } from './payments.responses';

/**
 * Money in conversations (contract v2, ChatMoney): money requests and split
 * bills. Payments keeps their state and their money; messaging shows each as
 * a MONEY_REQUEST / BILL_SPLIT message whose state follows the ledger through
 * the outbox (ChatMoneyEvents).
 */
export const ChatMoneySubjects = {
  RequestMoney: 'payments.money-request.create.v1',
  PayMoneyRequest: 'payments.money-request.pay.v1',
  DeclineMoneyRequest: 'payments.money-request.decline.v1',
  CancelMoneyRequest: 'payments.money-request.cancel.v1',
  /** Money requests by id, as one viewer may see them (Message.moneyRequest, Query.moneyRequest). */
  GetMoneyRequests: 'payments.money-request.get-many.v1',
  SplitBill: 'payments.bill-split.create.v1',
  PayBillShare: 'payments.bill-split.pay-share.v1',
  CancelBillSplit: 'payments.bill-split.cancel.v1',
  /** Bill splits by id, as one viewer may see them (Message.billSplit, Query.billSplit). */
  GetBillSplits: 'payments.bill-split.get-many.v1',
} as const;

/** Rials as a string of ASCII digits (the gateway's Money scalar has already folded Persian digits). */
const MONEY = /^\d{1,19}$/;

export class RequestMoneyRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) conversationId: string;
  @Matches(MONEY, { message: 'amount must be a whole number of rials' }) amount: string;
  @IsOptional() @IsString() @MaxLength(4096) note?: string | null;
  @IsOptional() @IsString() @MaxLength(64) payerId?: string | null;
  @IsString() @MaxLength(128) clientId: string;
}

export class PayChatMoneyRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) id: string;
  @IsString() @MaxLength(256) idempotencyKey: string;
}

export class ChatMoneyIdRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) id: string;
}

export class SplitBillRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) conversationId: string;
  @IsString() @MaxLength(128) billId: string;
  @IsString() @MaxLength(128) paymentId: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsString({ each: true }) memberIds: string[];
  @IsString() @MaxLength(128) clientId: string;
}

export const MONEY_REQUEST_STATUSES = ['OPEN', 'PAID', 'DECLINED', 'CANCELLED'] as const;
export type MoneyRequestStatus = (typeof MONEY_REQUEST_STATUSES)[number];
export const BILL_SPLIT_STATUSES = ['COLLECTING', 'PAID', 'CANCELLED'] as const;
export type BillSplitStatus = (typeof BILL_SPLIT_STATUSES)[number];

export interface MoneyRequestView {
  id: string;
  conversationId: string;
  requesterId: string;
  payerId: string | null;
  amount: Rials;
  note: string | null;
  status: MoneyRequestStatus;
  paidById: string | null;
  payment: TransferView | null;
  createdAt: IsoDate;
  closedAt: IsoDate | null;
}

export interface BillShareView {
  userId: string;
  amount: Rials;
  paidAt: IsoDate | null;
}

export interface BillSplitView {
  id: string;
  conversationId: string;
  createdById: string;
  bill: BillInfoView;
  shares: BillShareView[];
  collected: Rials;
  status: BillSplitStatus;
  billPayment: BillPaymentView | null;
  createdAt: IsoDate;
}

export type ChatMoneyRpc = {
  [ChatMoneySubjects.RequestMoney]: Rpc<RequestMoneyRequest, MoneyRequestView>;
  [ChatMoneySubjects.PayMoneyRequest]: Rpc<PayChatMoneyRequest, MoneyRequestView>;
  [ChatMoneySubjects.DeclineMoneyRequest]: Rpc<ChatMoneyIdRequest, MoneyRequestView>;
  [ChatMoneySubjects.CancelMoneyRequest]: Rpc<ChatMoneyIdRequest, MoneyRequestView>;
  /** Aligned with the refs asked for: null where the viewer may not see it. */
  [ChatMoneySubjects.GetMoneyRequests]: Rpc<GetPaymentRefsRequest, Array<MoneyRequestView | null>>;
  [ChatMoneySubjects.SplitBill]: Rpc<SplitBillRequest, BillSplitView>;
  [ChatMoneySubjects.PayBillShare]: Rpc<PayChatMoneyRequest, BillSplitView>;
  [ChatMoneySubjects.CancelBillSplit]: Rpc<ChatMoneyIdRequest, BillSplitView>;
  [ChatMoneySubjects.GetBillSplits]: Rpc<GetPaymentRefsRequest, Array<BillSplitView | null>>;
};

/**
 * Chat money's events on JetStream, in a stream of their own (so payments'
 * first stream keeps its subjects). One event per change of state, written
 * to the outbox in the transaction that made it; messaging posts the message
 * on the first and appends a MessageEdited for each later one.
 */
export const ChatMoneyEvents = {
  Stream: 'PAYMENTS_CHAT_MONEY',
  Changed: 'payments.chat-money.changed.v1',
} as const;

export const CHAT_MONEY_KINDS = ['MONEY_REQUEST', 'BILL_SPLIT'] as const;
export type ChatMoneyKind = (typeof CHAT_MONEY_KINDS)[number];

export class ChatMoneyChangedEvent {
  /** `<kind>:<id>:<version>`: also the JetStream message id. */
  @IsString() @MaxLength(128) eventId: string;
  @IsIn(CHAT_MONEY_KINDS) kind: ChatMoneyKind;
  @IsUUID() refId: string;
  @IsUUID() conversationId: string;
  /** The requester or the split's creator: the message's sender. */
  @IsUUID() senderId: string;
  /** 1 when created; each change of state adds one. */
  @IsInt() @Min(1) version: number;
  @IsISO8601() createdAt: string;
}

export const ChatMoneyEventClasses = {
  [ChatMoneyEvents.Changed]: ChatMoneyChangedEvent,
};
