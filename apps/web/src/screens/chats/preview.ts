import { formatMoney, type MoneyUnit } from '../../lib/format';
import type { Msg } from '../../store/chat-types';

export const BILL_TYPES: Record<string, string> = {
  WATER: 'آب',
  ELECTRICITY: 'برق',
  GAS: 'گاز',
  LANDLINE: 'تلفن ثابت',
  MOBILE: 'تلفن همراه',
  MUNICIPALITY: 'عوارض شهرداری',
  TAX: 'مالیات',
  TRAFFIC_FINE: 'جریمهٔ رانندگی',
  OTHER: 'سایر',
};

/** One line for the chat list and reply quotes. */
export function previewOf(
  m: Pick<Msg, 'kind' | 'text' | 'deletedAt'> & Partial<Pick<Msg, 'payment' | 'billPayment' | 'post' | 'moneyRequest' | 'billSplit'>>,
  unit: MoneyUnit = 'rial',
): string {
  if (m.deletedAt) return 'پیام حذف شد';
  switch (m.kind) {
    case 'PAYMENT':
      return m.payment ? `💸 انتقال ${formatMoney(m.payment.amount, unit)}` : '💸 انتقال پول';
    case 'BILL_PAYMENT':
      return m.billPayment ? `🧾 رسید قبض ${BILL_TYPES[m.billPayment.type] ?? ''}` : '🧾 رسید پرداخت قبض';
    case 'MONEY_REQUEST':
      return m.moneyRequest ? `💰 درخواست ${formatMoney(m.moneyRequest.amount, unit)}` : '💰 درخواست پول';
    case 'BILL_SPLIT':
      return m.billSplit ? `🧾 قبض مشترک ${BILL_TYPES[m.billSplit.bill.type] ?? ''}` : '🧾 قبض مشترک';
    case 'POST_SHARE':
      return `📰 ${m.post?.title ?? m.post?.text?.slice(0, 60) ?? 'پست'}`;
    default:
      return (m.text ?? '').replace(/\s+/g, ' ').slice(0, 120);
  }
}
