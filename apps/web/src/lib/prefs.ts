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
