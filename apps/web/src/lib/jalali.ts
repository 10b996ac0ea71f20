import { toGregorian, isValidJalaaliDate } from 'jalaali-js';
import { toAsciiDigits } from './format';

/** Iran has kept +03:30 all year since 1401 (2022); scheduling is in Tehran time. */
const TEHRAN_OFFSET_MINUTES = 210;

/**
 * A Jalali date and time typed by a person ("۱۴۰۵/۹/۱۰" and "۱۸:۳۰", Tehran
 * time) → an ISO instant, or null when it is not a real date and time.
 */
export function jalaliToIso(date: string, time: string): string | null {
  const d = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(toAsciiDigits(date.trim()));
  const t = /^(\d{1,2}):(\d{2})$/.exec(toAsciiDigits(time.trim()));
  if (!d || !t) return null;
  const [jy, jm, jd] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hh, mm] = [Number(t[1]), Number(t[2])];
  if (!isValidJalaaliDate(jy, jm, jd) || hh > 23 || mm > 59) return null;
  const g = toGregorian(jy, jm, jd);
  const utc = Date.UTC(g.gy, g.gm - 1, g.gd, hh, mm) - TEHRAN_OFFSET_MINUTES * 60_000;
  return new Date(utc).toISOString();
}
