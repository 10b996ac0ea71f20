import { FormEvent, useEffect, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import type { BankAccountFieldsFragment, PayoutQuoteQuery as Quote } from '../../gql/graphql';
import { formatMoney, parseAmount } from '../../lib/format';
import { newId } from '../../lib/ids';
import { needsPassword, useMoneyUnit, usePasswordAbove } from '../../lib/prefs';
import { PayoutQuoteQuery, RequestPayout } from '../../ops/payouts';
import { ConfirmSheet, confirmPassword, describeConfirmError } from '../../ui/ConfirmSheet';
import { ErrorText, Field, Modal, toast, useAction } from '../../ui/kit';
import { BankBadge } from './BankAccounts';
import { showIban } from './iban';

/** The fee and the total for the typed amount, asked for as it is typed: shown before the person confirms. */
function useQuote(rials: string | null) {
  const [answer, setAnswer] = useState<{ rials: string; quote: Quote['payoutQuote'] | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!rials) return;
    let current = true;
    const timer = setTimeout(() => {
      request(PayoutQuoteQuery, { amount: rials }).then(
        (r) => current && setAnswer({ rials, quote: r.payoutQuote, error: null }),
        (err) => current && setAnswer({ rials, quote: null, error: describeError(err) }),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [rials]);
  return rials && answer?.rials === rials ? answer : { quote: null, error: null };
}

export function PayoutDialog({ account, onClose }: { account: BankAccountFieldsFragment; onClose: () => void }) {
  const unit = useMoneyUnit();
  const [amount, setAmount] = useState('');
  // One key per dialog: a retry after a lost answer names the same payout.
  const [key] = useState(newId);
  const rials = parseAmount(amount, unit);
  const { quote, error } = useQuote(rials);
  const above = usePasswordAbove();
  const [confirming, setConfirming] = useState<Quote['payoutQuote'] | null>(null);
  const submit = useAction(async (password: string | null) => {
    await confirmPassword(password);
    await request(RequestPayout, { input: { bankAccountId: account.id, amount: confirming!.amount, idempotencyKey: key } });
    toast('درخواست برداشت ثبت شد.');
    onClose();
  }, describeConfirmError);
  if (confirming) {
    return (
      <ConfirmSheet
        title="تأیید برداشت به حساب بانکی"
        amount={confirming.amount}
        rows={[
          { label: 'به', value: <BankBadge name={account.bankName} color={account.bankColor} /> },
          { label: 'صاحب حساب', value: account.ownerName ?? 'دریافت نشد' },
          { label: 'شبا', value: <bdi dir="ltr">{showIban(account.iban)}</bdi> },
          { label: 'کارمزد', value: formatMoney(confirming.fee, unit) },
          { label: 'کسر از کیف پول', value: formatMoney(confirming.total, unit) },
        ]}
        confirmLabel="تأیید و برداشت"
        busy={submit.busy}
        error={submit.error}
        askPassword={needsPassword(confirming.total, above)}
        onConfirm={(password) => void submit.run(password)}
        onCancel={() => {
          submit.setError(null);
          setConfirming(null);
        }}
      />
    );
  }
  return (
    <Modal title="برداشت به حساب بانکی" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (quote) setConfirming(quote);
        }}
      >
        <div className="card" style={{ margin: 0 }}>
          <BankBadge name={account.bankName} color={account.bankColor} />
          <div dir="auto" data-testid="owner-name">
            {account.ownerName ? `به نام ${account.ownerName}` : 'نام صاحب حساب از بانک دریافت نشد.'}
          </div>
          <div className="muted" style={{ fontSize: 13 }}>
            <bdi dir="ltr">{showIban(account.iban)}</bdi>
          </div>
        </div>
        <Field label={`مبلغ (${unit === 'toman' ? 'تومان' : 'ریال'})`} hint={rials ? formatMoney(rials, unit) : 'رقم فارسی یا انگلیسی'}>
          <input
            className="input ltr"
            name="amount"
            inputMode="numeric"
            autoFocus
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </Field>
        {quote && <QuoteLines quote={quote} />}
        <ErrorText error={error} />
        <button className="btn" disabled={!quote}>
          ادامه
        </button>
      </form>
    </Modal>
  );
}

function QuoteLines({ quote }: { quote: Quote['payoutQuote'] }) {
  const unit = useMoneyUnit();
  return (
    <dl className="stack" data-testid="payout-quote" style={{ margin: 0 }}>
      <div className="row">
        <dt className="grow">کارمزد</dt>
        <dd>{formatMoney(quote.fee, unit)}</dd>
      </div>
      <div className="row" style={{ fontWeight: 700 }}>
        <dt className="grow">کسر از کیف پول</dt>
        <dd>{formatMoney(quote.total, unit)}</dd>
      </div>
      <div className="row muted" style={{ fontSize: 13 }}>
        <dt className="grow">سقف باقی‌ماندهٔ امروز</dt>
        <dd>{formatMoney(quote.dailyRemaining, unit)}</dd>
      </div>
    </dl>
  );
}
