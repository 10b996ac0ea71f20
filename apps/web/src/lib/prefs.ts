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
