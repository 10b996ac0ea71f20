import { useEffect, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { live } from '../../api/live';
import { useQuery } from '../../api/use-query';
import type { BankAccountFieldsFragment, PayoutFieldsFragment } from '../../gql/graphql';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useMoneyUnit } from '../../lib/prefs';
import { CancelPayout, PayoutLive, PayoutsQuery } from '../../ops/payouts';
import { ErrorText, useAction } from '../../ui/kit';
import { AddBankAccountForm, BankAccountRow, BankBadge } from './BankAccounts';
import { PAYOUT_STATUS } from './iban';
import { PayoutDialog } from './PayoutDialog';

/** The wallet's way out: the person's bank accounts, payouts to them, and their history with its status live. */
export function PayoutsSection() {
  const data = useQuery(PayoutsQuery, {});
  const [paying, setPaying] = useState<BankAccountFieldsFragment | null>(null);
  const [changed, setChanged] = useState<Map<string, PayoutFieldsFragment>>(new Map());
  const { reload } = data;
  useEffect(
    () =>
      live.subscribe(
        PayoutLive,
        () => ({}),
        (d) => {
          setChanged((m) => new Map(m).set(d.payoutChanged.id, d.payoutChanged));
          void reload();
        },
      ),
    [reload],
  );
  const accounts = data.data?.bankAccounts ?? [];
  const payouts = (data.data?.payouts.edges.map((e) => e.node) ?? []).map((p) => {
    const newer = changed.get(p.id);
    return newer && newer.status !== 'PENDING' ? newer : p;
  });
  return (
    <>
      <section className="card" aria-labelledby="accounts-h">
        <h2 id="accounts-h" style={{ margin: '0 0 8px', fontSize: 17 }}>
          حساب‌های بانکی
        </h2>
        <ErrorText error={data.error} />
        <ul className="list" aria-label="حساب‌های بانکی" style={{ overflow: 'visible' }}>
          {accounts.map((a) => (
            <BankAccountRow key={a.id} account={a} onPayout={() => setPaying(a)} onRemoved={() => void reload()} />
          ))}
        </ul>
        <AddBankAccountForm onAdded={() => void reload()} />
      </section>
      {payouts.length > 0 && (
        <section className="card" aria-labelledby="payouts-h">
          <h2 id="payouts-h" style={{ margin: '0 0 8px', fontSize: 17 }}>
            برداشت‌ها
          </h2>
          <ul className="list" aria-label="برداشت‌ها" style={{ overflow: 'visible' }}>
            {payouts.map((p) => (
              <PayoutRow key={p.id} payout={p} onChanged={() => void reload()} />
            ))}
          </ul>
        </section>
      )}
      {paying && (
        <PayoutDialog
          account={paying}
          onClose={() => {
            setPaying(null);
            void reload();
          }}
        />
      )}
    </>
  );
}

function PayoutRow({ payout, onChanged }: { payout: PayoutFieldsFragment; onChanged: () => void }) {
  const unit = useMoneyUnit();
  const cancel = useAction(async () => {
    await request(CancelPayout, { id: payout.id });
    onChanged();
  }, describeError);
  return (
    <li className="tx" data-testid="payout" data-status={payout.status}>
      <div className="grow">
        <div style={{ fontWeight: 600 }}>
          <BankBadge name={payout.bankAccount.bankName} color={payout.bankAccount.bankColor} />
        </div>
        <div data-testid="payout-status" aria-live="polite">
          {PAYOUT_STATUS[payout.status]}
          {payout.failureReason && payout.status === 'FAILED' && <span className="muted"> ({payout.failureReason})</span>}
        </div>
        <div className="muted" style={{ fontSize: 13 }}>
          {formatDateTime(payout.createdAt)} · کد پیگیری <span className="ltr">{payout.trackingCode}</span>
        </div>
        <ErrorText error={cancel.error} />
      </div>
      <div style={{ textAlign: 'end' }}>
        <div className="sign-out">−{formatMoney(payout.amount, unit)}</div>
        <div className="muted" style={{ fontSize: 12 }}>
          کارمزد {formatMoney(payout.fee, unit)}
        </div>
        {payout.cancellable && (
          <button className="btn secondary" disabled={cancel.busy} onClick={() => void cancel.run()}>
            لغو
          </button>
        )}
      </div>
    </li>
  );
}
