import { faDigits } from '../lib/format';

const HTTP: Record<number, string> = {
  401: 'نیاز به ورود دارد',
  403: 'دسترسی نمی‌دهد',
  404: 'چنین صفحه‌ای ندارد',
  410: 'این صفحه را برداشته است',
  429: 'درخواست‌های ما را زیاد دانست',
  500: 'خطای داخلی داشت',
  502: 'به سرور پشت خود نرسید',
  503: 'موقتاً در دسترس نبود',
};

/**
 * Why a feed could not be added or read, in Persian, from the server's reason
 * code (README, "News feeds"): each reason says what happened, so "no such
 * name in DNS" does not become "the address is not right".
 */
export function feedErrorText(reason: string | null | undefined, url?: string): string {
  const host = hostOf(url);
  const server = host ? `سرور ${host}` : 'سرور';
  const status = /^HTTP_STATUS_(\d+)$/.exec(reason ?? '');
  if (status) {
    const n = Number(status[1]);
    return `${server} به جای خوراک پاسخ ${faDigits(n)} داد${HTTP[n] ? ` (${HTTP[n]})` : ''}.`;
  }
  switch (reason) {
    case 'INVALID_URL':
      return 'این نشانی وب نیست؛ باید شبیه https://example.com/feed.xml باشد.';
    case 'NOT_HTTP':
      return 'فقط نشانی‌های http و https پذیرفته می‌شوند.';
    case 'CREDENTIALS':
      return 'نشانی‌هایی که نام کاربری یا رمز دارند پذیرفته نمی‌شوند.';
    case 'DNS_NOT_FOUND':
      return `${server} وجود ندارد (چنین نامی در DNS نیست).`;
    case 'DNS_FAILED':
      return `نام ${host ?? 'سرور'} فعلاً پیدا نشد (خطای DNS)؛ بعداً دوباره تلاش می‌شود.`;
    case 'ADDRESS_REFUSED':
      return `نشانی ${host ?? 'این سرور'} به شبکهٔ داخلی اشاره می‌کند و مجاز نیست.`;
    case 'CONNECTION_REFUSED':
      return `${server} اتصال را نپذیرفت.`;
    case 'CUT_OFF':
      return `اتصال به ${host ?? 'سرور'} وسط کار قطع شد.`;
    case 'UNREACHABLE':
      return `${server} از اینجا در دسترس نیست.`;
    case 'TIMEOUT':
      return `${server} به‌موقع پاسخ نداد.`;
    case 'TLS':
      return `اتصال امن به ${host ?? 'سرور'} برقرار نشد: گواهی آن معتبر نیست.`;
    case 'NOT_HTTP_SERVER':
      return `${server} به زبان HTTP پاسخ نداد.`;
    case 'CONNECTION_FAILED':
      return `اتصال به ${host ?? 'سرور'} برقرار نشد.`;
    case 'REDIRECTS':
      return 'خوراک بیش از اندازه به نشانی‌های دیگر فرستاده شد.';
    case 'BAD_REDIRECT':
      return 'خوراک به نشانی نادرست یا غیر http فرستاده شد.';
    case 'TOO_LARGE':
      return 'خوراک بزرگ‌تر از حدی است که خوانده می‌شود.';
    case 'DAMAGED':
      return 'سرور خوراک را فشرده و خراب فرستاد.';
    case 'NOT_A_FEED':
      return 'این نشانی خوراک RSS، Atom یا RDF برنگرداند.';
    default:
      return 'خوراک به خاطر خطایی در سمت ما پردازش نشد؛ دوباره تلاش می‌شود.';
  }
}

function hostOf(url?: string): string | null {
  try {
    return url ? new URL(url.trim()).hostname : null;
  } catch {
    return null;
  }
}
