import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

/** Rials as a string of ASCII digits (the gateway's Money scalar has already folded Persian digits). */
const MONEY = /^\d{1,19}$/;

// viewerId is always the signed-in user making the request (the gateway sets it from the session);
// any other user is named for their role (toUserId).

export class GetWalletRequest {
  @IsUUID() viewerId: string;
}

export class ListTransactionsRequest {
  @IsUUID() viewerId: string;
  @IsInt() @Min(1) @Max(100) first: number;
  @IsOptional() @IsString() @MaxLength(128) after?: string | null;
}

export class StartTopUpRequest {
  @IsUUID() viewerId: string;
  @Matches(MONEY, { message: 'amount must be a whole number of rials' }) amount: string;
  @IsString() @MaxLength(256) idempotencyKey: string;
}

export class GetTopUpRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) id: string;
}

/** The banks payments can take top-ups through. */
export const BANK_NAMES = ['sandbox', 'zarinpal'] as const;
export type BankName = (typeof BANK_NAMES)[number];

export class TopUpCallbackRequest {
  /**
   * The bank whose payment gateway (the bank's product) sent the browser
   * back: /payments/ipg/<bank>/callback. The field keeps the name of the
   * top_ups.gateway column it is matched against.
   */
  @IsIn(BANK_NAMES) gateway: BankName;
  @IsString() @MaxLength(256) authority: string;
  @IsOptional() @IsString() @MaxLength(32) status?: string | null;
}

export class SandboxSessionRequest {
  @IsString() @MaxLength(256) authority: string;
}

export class SandboxDecideRequest {
  @IsString() @MaxLength(256) authority: string;
  @IsString() @MaxLength(32) action: string;
}

export class TransferMoneyRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(64) toUserId: string;
  @Matches(MONEY, { message: 'amount must be a whole number of rials' }) amount: string;
  @IsString() @MaxLength(256) idempotencyKey: string;
  @IsOptional() @IsString() @MaxLength(4096) note?: string | null;
  @IsOptional() @IsString() @MaxLength(64) conversationId?: string | null;
}

/** One record a message refers to, with the conversation the viewer is reading it in. */
export interface PaymentRef {
  id: string;
  conversationId?: string | null;
}

export class GetPaymentRefsRequest {
  @IsUUID() viewerId: string;
  /** Each entry's shape is checked by the service (nested classes would need class-transformer metadata here). */
  @IsArray() @ArrayMaxSize(1000) @IsObject({ each: true }) refs: PaymentRef[];
}

export class InspectBillRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(128) billId: string;
  @IsString() @MaxLength(128) paymentId: string;
}

export class DecodeBillBarcodeRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(256) barcode: string;
}

export class PayBillRequest {
  @IsUUID() viewerId: string;
  @IsString() @MaxLength(128) billId: string;
  @IsString() @MaxLength(128) paymentId: string;
  @IsString() @MaxLength(256) idempotencyKey: string;
  @IsOptional() @IsString() @MaxLength(64) conversationId?: string | null;
}

export class ListBillPaymentsRequest {
  @IsUUID() viewerId: string;
  @IsInt() @Min(1) @Max(100) first: number;
  @IsOptional() @IsString() @MaxLength(128) after?: string | null;
}
