import { HealthCheckResponse, Rpc } from '../common/rpc';
import { PaymentsSubjects as S } from './payments.subjects';
import * as Q from './payments.requests';
import {
  BillInfoView,
  BillPaymentPage,
  BillPaymentView,
  SandboxDecisionView,
  SandboxSessionView,
  TopUpCallbackView,
  TopUpView,
  TransactionPage,
  TransferView,
  WalletView,
} from './payments.responses';

/** Each payments subject with its request and response. */
export type PaymentsRpc = {
  [S.GetWallet]: Rpc<Q.GetWalletRequest, WalletView>;
  [S.ListTransactions]: Rpc<Q.ListTransactionsRequest, TransactionPage>;
  [S.StartTopUp]: Rpc<Q.StartTopUpRequest, TopUpView>;
  [S.GetTopUp]: Rpc<Q.GetTopUpRequest, TopUpView | null>;
  [S.TopUpCallback]: Rpc<Q.TopUpCallbackRequest, TopUpCallbackView>;
  [S.SandboxSession]: Rpc<Q.SandboxSessionRequest, SandboxSessionView>;
  [S.SandboxDecide]: Rpc<Q.SandboxDecideRequest, SandboxDecisionView>;
  [S.TransferMoney]: Rpc<Q.TransferMoneyRequest, TransferView>;
  /** Aligned with the refs asked for: null where the viewer may not see it. */
  [S.GetTransfers]: Rpc<Q.GetPaymentRefsRequest, Array<TransferView | null>>;
  [S.InspectBill]: Rpc<Q.InspectBillRequest, BillInfoView>;
  [S.DecodeBillBarcode]: Rpc<Q.DecodeBillBarcodeRequest, BillInfoView>;
  [S.PayBill]: Rpc<Q.PayBillRequest, BillPaymentView>;
  [S.ListBillPayments]: Rpc<Q.ListBillPaymentsRequest, BillPaymentPage>;
  [S.GetBillPayments]: Rpc<Q.GetPaymentRefsRequest, Array<BillPaymentView | null>>;
  [S.Health]: Rpc<Record<string, never>, HealthCheckResponse>;
};
