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

export interface TransferCompletedEvent {
  /** Also the JetStream message id: one event per transfer. */
  eventId: string;
  transferId: string;
  fromUserId: string;
  toUserId: string;
  /** Rials, decimal string. */
  amount: string;
  note: string | null;
  /** Where to post it; null means the direct conversation of the two users (created if needed). */
  conversationId: string | null;
  createdAt: string;
}

export interface BillPaidEvent {
  eventId: string;
  billPaymentId: string;
  userId: string;
  /** Only published when the payer asked to share the receipt here. */
  conversationId: string;
  createdAt: string;
}
