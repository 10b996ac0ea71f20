import type { ClipboardEvent } from 'react';
import { faDigits, toAsciiDigits } from '../lib/format';

/** Copies what is selected with Latin digits, so a code pastes into any bank's or biller's form. */
function copyLatin(e: ClipboardEvent) {
  const selected = document.getSelection()?.toString();
  if (!selected) return;
  e.clipboardData.setData('text/plain', toAsciiDigits(selected));
  e.preventDefault();
}

/**
 * A code, id or number inside Persian text (a tracking code, a bill id): shown
 * with Persian digits, isolated left to right so its groups keep their order,
 * and copied with Latin digits.
 */
export function Digits({ value, testId }: { value: string; testId?: string }) {
  return (
    <bdi dir="ltr" className="digits" onCopy={copyLatin} data-testid={testId} data-value={value}>
      {faDigits(value)}
    </bdi>
  );
}
