import { useSyncExternalStore } from 'react';
import type { MoneyUnit } from './format';

/** Display preferences kept on this device. */
const KEY = 'superapp.moneyUnit';
const listeners = new Set<() => void>();
let unit: MoneyUnit = localStorage.getItem(KEY) === 'toman' ? 'toman' : 'rial';

export function setMoneyUnit(u: MoneyUnit): void {
  unit = u;
  localStorage.setItem(KEY, u);
  listeners.forEach((l) => l());
}

export function useMoneyUnit(): MoneyUnit {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => unit,
  );
}

/**
 * Above this many rials, paying or sending money asks for the two-step
 * password as well (null: never). Kept on this device, as the money unit is.
 */
const PASSWORD_ABOVE_KEY = 'superapp.passwordAbove';
let passwordAbove: string | null = localStorage.getItem(PASSWORD_ABOVE_KEY);

export function setPasswordAbove(rials: string | null): void {
  passwordAbove = rials;
  if (rials) localStorage.setItem(PASSWORD_ABOVE_KEY, rials);
  else localStorage.removeItem(PASSWORD_ABOVE_KEY);
  listeners.forEach((l) => l());
}

export function usePasswordAbove(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => passwordAbove,
  );
}

/** Whether moving this many rials asks for the two-step password. */
export function needsPassword(rials: string, above: string | null): boolean {
  return above !== null && BigInt(rials) > BigInt(above);
}

export type Theme = 'system' | 'light' | 'dark';
const THEME_KEY = 'superapp.theme';
let theme: Theme = ((t) => (t === 'light' || t === 'dark' ? t : 'system'))(localStorage.getItem(THEME_KEY));

/** Light or dark on <html data-theme>; "system" leaves it to prefers-color-scheme (the CSS follows either). */
export function applyTheme(): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function setTheme(t: Theme): void {
  theme = t;
  if (t === 'system') localStorage.removeItem(THEME_KEY);
  else localStorage.setItem(THEME_KEY, t);
  applyTheme();
  listeners.forEach((l) => l());
}

export function useTheme(): Theme {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => theme,
  );
}
