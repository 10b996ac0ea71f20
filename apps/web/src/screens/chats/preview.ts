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
  m: Pick<Msg, 'kind' | 'text' | 'deletedAt'> &
    Partial<Pick<Msg, 'payment' | 'billPayment' | 'post' | 'moneyRequest' | 'billSplit'>> & { media?: { kind: string }[] },
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
      return [mediaLabel(m.media ?? []), (m.text ?? '').replace(/\s+/g, ' ').slice(0, 120)].filter(Boolean).join(' ');
  }
}

const KIND_LABELS: Record<string, string> = { PHOTO: '🖼 عکس', VIDEO: '🎬 ویدیو', VOICE: '🎤 پیام صوتی', AUDIO: '🎵 صدا', FILE: '📎 فایل' };

/** 🖼 عکس, or 🖼 ۳ عکس for an album of one kind; 📎 for a mix. */
function mediaLabel(media: { kind: string }[]): string {
  if (!media.length) return '';
  const kinds = new Set(media.map((x) => x.kind));
  const label = kinds.size === 1 ? KIND_LABELS[media[0].kind] : '📎 آلبوم';
  return media.length > 1 ? label.replace(' ', ` ${media.length.toLocaleString('fa-IR')} `) : label;
}
