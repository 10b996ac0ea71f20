/** Request subjects served by the payments service (queue group "payments"). */
export const PaymentsSubjects = {
  GetWallet: 'payments.wallet.get.v1',
  ListTransactions: 'payments.transaction.list.v1',
  StartTopUp: 'payments.topup.start.v1',
  GetTopUp: 'payments.topup.get.v1',
  /** The bank redirected a browser back to us: a hint to verify, never proof of payment. */
  TopUpCallback: 'payments.topup.callback.v1',
  /** The sandbox bank's own pages (development only): what to show, and the payer's decision. */
  SandboxSession: 'payments.sandbox.session.get.v1',
  SandboxDecide: 'payments.sandbox.session.decide.v1',
  TransferMoney: 'payments.transfer.create.v1',
  /** Transfers by id, as one viewer may see them (Message.payment). */
  GetTransfers: 'payments.transfer.get-many.v1',
  InspectBill: 'payments.bill.inspect.v1',
  DecodeBillBarcode: 'payments.bill.decode.v1',
  PayBill: 'payments.bill.pay.v1',
  ListBillPayments: 'payments.bill.list.v1',
  /** Bill payments by id, as one viewer may see them (Message.billPayment, Transaction.billPayment). */
  GetBillPayments: 'payments.bill.get-many.v1',
  Health: 'payments.health.check.v1',
} as const;

/**
 * Live events on core NATS, one subject per audience so that a gateway only
 * receives what its own clients listen to. Published after the commit; a
 * missed one is repaired by the next, since each carries the whole wallet.
 */
export const PaymentsLive = {
  walletChanged: (userId: string) => `payments.wallet.changed.v1.${userId}`,
} as const;
