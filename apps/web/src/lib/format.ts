/**
 * Persian presentation of numbers, money and dates. Dates go through ICU's
 * Persian (Jalali) calendar in Tehran time, assembled from formatToParts so
 * that the output does not depend on one ICU version's pattern strings.
 */
const FA_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const TZ = 'Asia/Tehran';

/** Latin digits → Persian digits (for display only). */
export function faDigits(value: string | number): string {
  return String(value).replace(/[0-9]/g, (d) => FA_DIGITS[Number(d)]);
}

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits → ASCII, for anything a person types. */
export function toAsciiDigits(value: string): string {
  return value.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** Only the digits of what was typed (spaces, dashes and separators dropped). */
export function digitsOnly(value: string): string {
  return toAsciiDigits(value).replace(/\D/g, '');
}

/** 1250000 → ۱٬۲۵۰٬۰۰۰ (Persian digits, Persian thousands separator). */
export function groupDigits(value: string | bigint | number): string {
  const s = String(value);
  const negative = s.startsWith('-');
  const grouped = s.replace(/^-/, '').replace(/\B(?=(\d{3})+(?!\d))/g, '٬');
  return (negative ? '-' : '') + faDigits(grouped);
}

export type MoneyUnit = 'rial' | 'toman';

/** A Money string (rials) for display; toman = rials / 10, kept exact with bigint. */
export function formatMoney(rials: string, unit: MoneyUnit = 'rial'): string {
  if (unit === 'rial') return `${groupDigits(rials)} ریال`;
  const r = BigInt(rials);
  const whole = r / 10n;
  const rest = (r < 0n ? -r : r) % 10n;
  return `${groupDigits(whole)}${rest ? `٫${faDigits(String(rest))}` : ''} تومان`;
}

/** What a person typed as an amount (Persian digits, separators) → rials as a decimal string, or null. */
export function parseAmount(typed: string, unit: MoneyUnit = 'rial'): string | null {
  const digits = digitsOnly(typed);
  if (!digits || /^0+$/.test(digits)) return null;
  const rials = BigInt(digits) * (unit === 'toman' ? 10n : 1n);
  return rials.toString();
}

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;
const cache = new Map<string, Intl.DateTimeFormat>();
function parts(date: Date, options: Intl.DateTimeFormatOptions): Parts {
  const key = JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: TZ, ...options })));
  const out: Parts = {};
  // Persian digits whatever the browser's ICU gives (Chromium's has shown a Latin day beside a Persian year).
  for (const p of f.formatToParts(date)) if (p.type !== 'literal') out[p.type] = faDigits(p.value);
  return out;
}

/** The Jalali calendar day in Tehran, as comparable numbers (Latin digits). */
export function jalaliDay(date: Date): { year: number; month: number; day: number } {
  const f = new Intl.DateTimeFormat('en-US-u-ca-persian', { timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric' });
  const p: Parts = {};
  for (const x of f.formatToParts(date)) p[x.type] = x.value;
  return { year: parseInt(p.year ?? '0', 10), month: parseInt(p.month ?? '0', 10), day: parseInt(p.day ?? '0', 10) };
}

const sameDay = (a: Date, b: Date) => {
  const x = jalaliDay(a);
  const y = jalaliDay(b);
  return x.year === y.year && x.month === y.month && x.day === y.day;
};

/** ۱۴:۰۵ in Tehran time. */
export function formatTime(iso: string): string {
  const p = parts(new Date(iso), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.hour}:${p.minute}`;
}

/** ۸ آذر ۱۴۰۵ */
export function formatDate(iso: string, withYear = true): string {
  const p = parts(new Date(iso), { year: 'numeric', month: 'long', day: 'numeric' });
  return withYear ? `${p.day} ${p.month} ${p.year}` : `${p.day} ${p.month}`;
}

/** ۸ آذر ۱۴۰۵، ۱۴:۰۵ */
export function formatDateTime(iso: string): string {
  return `${formatDate(iso)}، ${formatTime(iso)}`;
}

/** For a chat list: the time today, the weekday within a week, else the date. */
export function formatListTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (sameDay(d, now)) return formatTime(iso);
  const days = (now.getTime() - d.getTime()) / 86_400_000;
  if (days < 6) return parts(d, { weekday: 'long' }).weekday ?? formatDate(iso, false);
  return jalaliDay(d).year === jalaliDay(now).year ? formatDate(iso, false) : formatDate(iso);
}

/** A day separator in a conversation: «امروز», «دیروز» or the date. */
export function formatDayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (sameDay(d, now)) return 'امروز';
  if (sameDay(d, new Date(now.getTime() - 86_400_000))) return 'دیروز';
  return formatDate(iso, jalaliDay(d).year !== jalaliDay(now).year);
}

/** Online while they have the app open (the server follows their connection); else when they left it. */
export function formatLastSeen(iso: string | null, online = false, now = new Date()): string {
  if (online) return 'آنلاین';
  if (!iso) return 'اخیراً';
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'آخرین بازدید لحظاتی پیش';
  if (minutes < 60) return `آخرین بازدید ${faDigits(minutes)} دقیقه پیش`;
  return `آخرین بازدید ${formatListTime(iso, now)}`;
}

/** Phone numbers are stored as E.164; shown the Iranian way: ۰۹۱۲ ۱۲۳ ۴۵۶۷. */
export function formatPhone(e164: string): string {
  const m = /^\+98(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? faDigits(`0${m[1]} ${m[2]} ${m[3]}`) : faDigits(e164);
}

/**
 * Up to two initials, both in one script: "مریم Tehrani" gives «م», not
 * «مT», and "Reza رضایی" gives "R". Letters only (an emoji or a quote mark
 * before a name is skipped); Latin in capitals.
 */
export function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .map((w) => /\p{L}/u.exec(w)?.[0])
    .filter((l): l is string => !!l);
  if (!letters.length) return '?';
  const script = (l: string) => (/\p{Script=Arabic}/u.test(l) ? 'arabic' : /\p{Script=Latin}/u.test(l) ? 'latin' : l);
  const [first, second] = letters;
  const pair = second && script(second) === script(first) ? first + second : first;
  return pair.toLocaleUpperCase('en');
}
