import { FormEvent, Fragment, ReactNode, useState } from 'react';
import { request } from '../api/client';
import { describeError } from '../api/errors';
import { formatMoney } from '../lib/format';
import { useMoneyUnit } from '../lib/prefs';
import { CheckTwoStepPassword } from '../ops/accounts';
import { ErrorText, Field, Modal } from './kit';

/**
 * The last look before money moves: who or what it goes to and how much, one
 * button to go ahead and one to step back. Above the amount the person chose
 * in Settings it also asks for their two-step password (checked by the server).
 */
export function ConfirmSheet(props: {
  title: string;
  amount: string;
  rows: { label: string; value: ReactNode }[];
  confirmLabel: string;
  busy: boolean;
  error: string | null;
  askPassword: boolean;
  onConfirm: (password: string | null) => void;
  onCancel: () => void;
}) {
  const unit = useMoneyUnit();
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (props.askPassword && !password) return;
    props.onConfirm(props.askPassword ? password : null);
  };
  return (
    <Modal title={props.title} onClose={props.onCancel} className="sheet">
      <form className="stack" onSubmit={submit}>
        <div className="sheet-amount" data-testid="confirm-amount">
          {formatMoney(props.amount, unit)}
        </div>
        <dl className="kv">
          {props.rows.map((r) => (
            <Fragment key={r.label}>
              <dt>{r.label}</dt>
              <dd>{r.value}</dd>
            </Fragment>
          ))}
        </dl>
        {props.askPassword && (
          <Field label="رمز دومرحله‌ای" hint="برای مبلغ‌های بالاتر از حدی که در تنظیمات گذاشته‌اید">
            <input
              className="input"
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
        )}
        <ErrorText error={props.error} />
        <div className="row">
          <button className="btn grow" type="submit" disabled={props.busy || (props.askPassword && !password)} data-autofocus>
            {props.busy ? 'در حال انجام…' : props.confirmLabel}
          </button>
          <button className="btn secondary" type="button" onClick={props.onCancel}>
            انصراف
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The account has no two-step password to confirm with. */
export class NoPasswordError extends Error {
  constructor() {
    super('برای تأیید با رمز، نخست در تنظیمات رمز دومرحله‌ای بگذارید (یا حد تأیید با رمز را بردارید).');
  }
}

/** Checks the password the sheet asked for (nothing to do when it asked for none). */
export async function confirmPassword(password: string | null): Promise<void> {
  if (password === null) return;
  const r = await request(CheckTwoStepPassword, { password });
  if (!r.checkTwoStepPassword) throw new NoPasswordError();
}

/** describeError, and the sheet's own refusal. */
export function describeConfirmError(err: unknown): string {
  return err instanceof NoPasswordError ? err.message : describeError(err);
}
