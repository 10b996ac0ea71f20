import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/**
 * Events payments publishes on JetStream (stream PAYMENTS_EVENTS). Messaging
 * consumes them durably and idempotently to post PAYMENT and BILL_PAYMENT
 * messages: the money moves even while messaging is down, and the message
 * appears exactly once when it is back. Wire names never change.
 */
export const PaymentsEvents = {
  Stream: 'PAYMENTS_EVENTS',
  TransferCompleted: 'payments.transfer.completed.v1',
  BillPaid: 'payments.bill.paid.v1',
} as const;

/** Event ids are `<kind>:<id>`: also the JetStream message id, so one event per transfer or payment. */
const EVENT_ID_MAX = 128;

export class TransferCompletedEvent {
  @IsString() @MaxLength(EVENT_ID_MAX) eventId: string;
  @IsUUID() transferId: string;
  @IsUUID() fromUserId: string;
  @IsUUID() toUserId: string;
  /** Rials, decimal string. */
  @Matches(/^[1-9][0-9]{0,18}$/) amount: string;
  @IsOptional() @IsString() @MaxLength(4096) note: string | null;
  /** Where to post it; null means the direct conversation of the two users (created if needed). */
  @IsOptional() @IsUUID() conversationId: string | null;
  @IsISO8601() createdAt: string;
}

export class BillPaidEvent {
  @IsString() @MaxLength(EVENT_ID_MAX) eventId: string;
  @IsUUID() billPaymentId: string;
  @IsUUID() userId: string;
  /** Only published when the payer asked to share the receipt here. */
  @IsUUID() conversationId: string;
  @IsISO8601() createdAt: string;
}

/** Each subject of the stream with the class its payload is validated against where it is consumed. */
export const PaymentsEventClasses = {
  [PaymentsEvents.TransferCompleted]: TransferCompletedEvent,
  [PaymentsEvents.BillPaid]: BillPaidEvent,
};
