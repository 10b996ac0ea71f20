/** A GraphQL error with the contract's extensions.code (CONTRACT.md, Errors). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: { field?: string; reason?: string; retryAfter?: number } = {},
  ) {
    super(message);
  }
}

/** The request may not have reached the gateway, or its answer was lost: safe to retry with the same key. */
export class NetworkError extends Error {
  constructor(message = 'network') {
    super(message);
  }
}

const BILL_REASONS: Record<string, string> = {
  BILL_ID_CHECK_DIGIT: 'شناسهٔ قبض درست نیست (رقم کنترل).',
  PAYMENT_ID_CHECK_DIGIT: 'شناسهٔ پرداخت درست نیست (رقم کنترل).',
  PAIR_CHECK_DIGIT: 'شناسهٔ قبض و شناسهٔ پرداخت با هم نمی‌خوانند.',
  FORMAT: 'شمارهٔ قبض یا پرداخت قالب درستی ندارد.',
  UNKNOWN_TYPE: 'نوع این قبض شناخته نیست.',
  AMOUNT: 'مبلغ این قبض درست نیست.',
};

const IBAN_REASONS: Record<string, string> = {
  FORMAT: 'شمارهٔ شبا باید IR و ۲۴ رقم باشد.',
  CHECKSUM: 'شمارهٔ شبا اشتباه تایپ شده است (رقم کنترل نمی‌خواند).',
  UNKNOWN_BANK: 'کد بانک در این شمارهٔ شبا شناخته نیست.',
};

/** What to tell a person about an error, in Persian. */
export function describeError(err: unknown): string {
  if (err instanceof NetworkError) {
    if (!navigator.onLine) return 'به اینترنت وصل نیستید؛ با برگشتن شبکه دوباره تلاش کنید.';
    if (err.message.startsWith('HTTP ')) return 'سرور موقتاً پاسخ نمی‌دهد. کمی بعد دوباره تلاش کنید.';
    return 'اتصال به سرور برقرار نشد. دوباره تلاش کنید.';
  }
  if (!(err instanceof ApiError)) return 'خطایی پیش آمد. دوباره تلاش کنید.';
  switch (err.code) {
    case 'UNAUTHENTICATED':
      return 'نشست شما به پایان رسیده است؛ دوباره وارد شوید.';
    case 'FORBIDDEN':
      return 'اجازهٔ این کار را ندارید.';
    case 'NOT_FOUND':
      return 'پیدا نشد.';
    case 'BAD_USER_INPUT':
      return badInput(err.extensions.field);
    case 'INVALID_CODE':
      return 'کد وارد شده درست نیست یا منقضی شده است.';
    case 'PASSWORD_REQUIRED':
      return 'رمز دومرحله‌ای لازم است.';
    case 'INVALID_PASSWORD':
      return 'رمز دومرحله‌ای درست نیست.';
    case 'INVALID_BILL':
      return BILL_REASONS[err.extensions.reason ?? ''] ?? 'اطلاعات قبض درست نیست.';
    case 'INVALID_IBAN':
      return IBAN_REASONS[err.extensions.reason ?? ''] ?? 'شمارهٔ شبا درست نیست.';
    case 'BILL_ALREADY_PAID':
      return 'این قبض پیش‌تر پرداخت شده است.';
    case 'INSUFFICIENT_FUNDS':
      return 'موجودی کیف پول کافی نیست.';
    case 'IDEMPOTENCY_CONFLICT':
      return 'این درخواست با مشخصات دیگری ثبت شده بود.';
    case 'RATE_LIMITED':
      return `تعداد درخواست‌ها زیاد است؛ ${toFa(err.extensions.retryAfter ?? 60)} ثانیهٔ دیگر تلاش کنید.`;
    case 'SERVICE_UNAVAILABLE':
      return 'سرویس موقتاً در دسترس نیست. دوباره تلاش کنید.';
    case 'UPLOAD_INCOMPLETE':
      return 'فایل کامل نرسید؛ دوباره تلاش کنید.';
    case 'MEDIA_REJECTED':
      return MEDIA_REASONS[err.extensions.reason ?? ''] ?? 'این فایل پذیرفته نشد.';
    default:
      return 'خطایی پیش آمد. دوباره تلاش کنید.';
  }
}

const MEDIA_REASONS: Record<string, string> = {
  TOO_LARGE: 'فایل بزرگ‌تر از حد مجاز است.',
  TYPE_MISMATCH: 'نوع فایل با محتوای آن نمی‌خواند.',
  CHECKSUM: 'فایل در راه خراب شد؛ دوباره بفرستید.',
  UNREADABLE: 'این فایل خوانده نمی‌شود.',
  QUOTA: 'سهمیهٔ بارگذاری شما پر شده است.',
};

const FIELDS: Record<string, string> = {
  mediaIds: 'پیوست‌ها باید بارگذاری‌های کامل خودتان باشند (حداکثر ۱۰ تا).',
  phone: 'شمارهٔ موبایل درست نیست.',
  displayName: 'نام نمایشی را وارد کنید.',
  username: 'نام کاربری باید ۳ تا ۳۲ حرف انگلیسی، رقم یا _ باشد و با حرف شروع شود (یا پیش‌تر گرفته شده است).',
  text: 'متن خالی یا بیش از حد بلند است.',
  amount: 'مبلغ درست نیست.',
  handle: 'شناسهٔ کانال باید ۵ تا ۳۲ حرف انگلیسی، رقم یا _ باشد و با حرف شروع شود (یا پیش‌تر گرفته شده است).',
  url: 'نشانی درست نیست.',
  title: 'عنوان را درست وارد کنید.',
  scheduledAt: 'زمان انتشار باید در آینده باشد.',
};
function badInput(field?: string): string {
  return (field && FIELDS[field]) || 'مقدار وارد شده درست نیست.';
}
const toFa = (n: number) => String(n).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
