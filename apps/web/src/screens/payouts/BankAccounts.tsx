import { FormEvent, useEffect, useState } from 'react';
import { request } from '../../api/client';
import { ApiError, describeError } from '../../api/errors';
import type { BankAccountFieldsFragment } from '../../gql/graphql';
import { AddBankAccount, IbanInfoQuery, RemoveBankAccount } from '../../ops/payouts';
import { ErrorText, Field, useAction } from '../../ui/kit';
import { compactIban, showIban } from './iban';

/** The bank's colour beside its name: its logo's colour, so an account is recognised at a glance. */
export function BankBadge({ name, color }: { name: string; color: string }) {
  return (
    <span className="row" style={{ gap: 6 }}>
      <span aria-hidden="true" style={{ width: 14, height: 14, borderRadius: 4, background: color, display: 'inline-block' }} />
      <span>{name}</span>
    </span>
  );
}

type Check =
  { state: 'idle' } | { state: 'checking' } | { state: 'ok'; bankName: string; bankColor: string } | { state: 'bad'; message: string };

/** Asks the server which bank a number names while it is typed (once it has all its digits), debounced. */
function useIbanCheck(typed: string): Check {
  const iban = compactIban(typed);
  // The answer for one number; any other number shows as being checked until its own answer comes.
  const [answer, setAnswer] = useState<{ iban: string; check: Check } | null>(null);
  useEffect(() => {
    if (iban.length !== 26) return;
    let current = true;
    const timer = setTimeout(() => {
      request(IbanInfoQuery, { iban }).then(
        (r) => current && setAnswer({ iban, check: { state: 'ok', bankName: r.ibanInfo.bankName, bankColor: r.ibanInfo.bankColor } }),
        (err) => current && setAnswer({ iban, check: { state: 'bad', message: describeError(err) } }),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [iban]);
  if (iban.length > 26) return { state: 'bad', message: 'شمارهٔ شبا بیش از ۲۴ رقم است.' };
  if (iban.length < 26) return { state: 'idle' };
  return answer?.iban === iban ? answer.check : { state: 'checking' };
}

export function AddBankAccountForm({ onAdded }: { onAdded: () => void }) {
  const [typed, setTyped] = useState('');
  const check = useIbanCheck(typed);
  const add = useAction(async () => {
    await request(AddBankAccount, { iban: compactIban(typed) });
    setTyped('');
    onAdded();
  }, describeError);
  return (
    <form
      className="stack"
      aria-label="افزودن حساب بانکی"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (check.state === 'ok') void add.run();
      }}
    >
      <Field label="شمارهٔ شبا" hint="IR و ۲۴ رقم؛ رقم فارسی یا انگلیسی، با فاصله یا بدون آن">
        <input
          className="input ltr"
          name="iban"
          inputMode="numeric"
          autoComplete="off"
          placeholder="IR00 0000 0000 0000 0000 0000 00"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </Field>
      <div aria-live="polite" data-testid="iban-check">
        {check.state === 'checking' && <span className="muted">در حال بررسی…</span>}
        {check.state === 'ok' && <BankBadge name={check.bankName} color={check.bankColor} />}
        {check.state === 'bad' && <ErrorText error={check.message} />}
      </div>
      <ErrorText error={add.error} />
      <button className="btn secondary" disabled={add.busy || check.state !== 'ok'}>
        افزودن حساب
      </button>
    </form>
  );
}

export function BankAccountRow({
  account,
  onPayout,
  onRemoved,
}: {
  account: BankAccountFieldsFragment;
  onPayout: () => void;
  onRemoved: () => void;
}) {
  const remove = useAction(
    async () => {
      await request(RemoveBankAccount, { id: account.id });
      onRemoved();
    },
    (err) => (err instanceof ApiError && err.code === 'NOT_FOUND' ? 'این حساب پیش‌تر حذف شده است.' : describeError(err)),
  );
  return (
    <li className="tx" data-testid="bank-account">
      <div className="grow">
        <div style={{ fontWeight: 600 }}>
          <BankBadge name={account.bankName} color={account.bankColor} />
        </div>
        {account.ownerName && <div dir="auto">{account.ownerName}</div>}
        <div className="muted" style={{ fontSize: 13 }}>
          <bdi dir="ltr">{showIban(account.iban)}</bdi>
        </div>
        <ErrorText error={remove.error} />
      </div>
      <div className="row" style={{ gap: 6 }}>
        <button className="btn" onClick={onPayout}>
          برداشت
        </button>
        <button
          className="btn secondary"
          disabled={remove.busy}
          onClick={() => void remove.run()}
          aria-label={`حذف حساب ${account.bankName}`}
        >
          حذف
        </button>
      </div>
    </li>
  );
}
