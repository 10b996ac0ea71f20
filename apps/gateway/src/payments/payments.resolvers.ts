import { BillResolver } from './bill.resolver';
import { BillShareResolver, BillSplitResolver, MessageChatMoneyResolver, MoneyRequestResolver } from './chat-money.resolver';
import { MessagePaymentResolver } from './message-payment.resolver';
import { PayoutsResolver } from './payouts.resolver';
import { TopUpResolver } from './top-up.resolver';
import { PaymentTransferResolver } from './transfer.resolver';
import { TransactionResolver, WalletResolver } from './wallet.resolver';

/** The payments section of the API (registered in ../resolvers.ts). */
export const PAYMENTS_RESOLVERS = [
  WalletResolver,
  TransactionResolver,
  TopUpResolver,
  PaymentTransferResolver,
  BillResolver,
  MessagePaymentResolver,
  PayoutsResolver,
  MoneyRequestResolver,
  BillSplitResolver,
  BillShareResolver,
  MessageChatMoneyResolver,
];
