import { FormEvent, useEffect, useState } from 'react';
import { request } from '../api/client';
import { describeError } from '../api/errors';
import { live } from '../api/live';
import { useQuery } from '../api/use-query';
import type { TransactionFieldsFragment } from '../gql/graphql';
import { faDigits, formatDateTime, formatMoney, parseAmount } from '../lib/format';
import { newId } from '../lib/ids';
import { useMoneyUnit } from '../lib/prefs';
import { useSearchParam } from '../lib/router';
import { StartTopUp, TopUpQuery, WalletLive, WalletQuery } from '../ops/payments';
import { Icon, IconName } from '../ui/icons';
import { ErrorText, Field, Modal, useAction } from '../ui/kit';
import { BILL_TYPES } from './chats/preview';
import { PayoutsSection } from './payouts/Payouts';
import { Digits } from '../ui/Digits';

/** Every kind the API names (a new one fails the type check here rather than the screen). */
const KIND: Record<TransactionFieldsFragment['kind'], { label: string; icon: IconName; incoming: boolean }> = {
  TOP_UP: { label: 'افزایش موجودی', icon: 'wallet', incoming: true },
  TRANSFER_IN: { label: 'دریافت از', icon: 'money', incoming: true },
  TRANSFER_OUT: { label: 'انتقال به', icon: 'money', incoming: false },
  BILL_PAYMENT: { label: 'پرداخت قبض', icon: 'bill', incoming: false },
  REFUND: { label: 'بازگشت وجه', icon: 'wallet', incoming: true },
  PAYOUT: { label: 'برداشت به حساب بانکی', icon: 'wallet', incoming: false },
  PAYOUT_RETURNED: { label: 'بازگشت برداشت', icon: 'wallet', incoming: true },
  BILL_SHARE: { label: 'سهم قبض گروهی', icon: 'bill', incoming: false },
  BILL_SHARE_RETURNED: { label: 'بازگشت سهم قبض', icon: 'bill', incoming: true },
};

/** The top-up the browser left for the bank's page; checked when it comes back. */
const PENDING_TOPUP = 'superapp.pendingTopUp';

export function Wallet() {
  const unit = useMoneyUnit();
  const wallet = useQuery(WalletQuery, { after: null });
  const [more, setMore] = useState<TransactionFieldsFragment[]>([]);
  const [moreCursor, setMoreCursor] = useState<string | null>(null);
  const [topUp, setTopUp] = useState(false);
  const [balance, setBalance] = useState<string | null>(null);

  const { reload: reloadWallet } = wallet;
  useEffect(
    () =>
      live.subscribe(
        WalletLive,
        () => ({}),
        (d) => {
          setBalance(d.walletChanged.balance);
          void reloadWallet();
          setMore([]);
          setMoreCursor(null);
        },
      ),
    [reloadWallet],
  );

  const w = wallet.data?.wallet;
  const txs = [...(w?.transactions.edges.map((e) => e.node) ?? []), ...more];
  const cursor = moreCursor ?? (w?.transactions.pageInfo.hasNextPage ? w.transactions.pageInfo.endCursor : null);
  const loadMore = useAction(async () => {
    const r = await request(WalletQuery, { after: cursor });
    setMore((m) => [...m, ...r.wallet.transactions.edges.map((e) => e.node)]);
    setMoreCursor(r.wallet.transactions.pageInfo.hasNextPage ? r.wallet.transactions.pageInfo.endCursor : null);
  }, describeError);
  const shown = w ? (balance && wallet.loading ? balance : w.balance) : balance;

  return (
    <div className="pane-main">
      <header className="topbar">
        <h1>کیف پول</h1>
      </header>
      <div className="page">
        <div className="page-inner">
          <ErrorText error={wallet.error} />
          <TopUpResult walletData={wallet.data} />
          <section className="balance-card" aria-labelledby="balance-h">
            <div id="balance-h">موجودی</div>
            <div className="amount" data-testid="balance" aria-live="polite">
              {shown !== null ? formatMoney(shown, unit) : '…'}
            </div>
            <button className="btn secondary" onClick={() => setTopUp(true)}>
              <Icon name="plus" /> افزایش موجودی
            </button>
          </section>
          <PayoutsSection />
          <section className="card" aria-labelledby="tx-h">
            <h2 id="tx-h" style={{ margin: '0 0 8px', fontSize: 17 }}>
              تراکنش‌ها
            </h2>
            {w && !txs.length && <p className="hint">هنوز تراکنشی ندارید.</p>}
            <ul className="list" aria-label="تراکنش‌ها" style={{ overflow: 'visible' }}>
              {txs.map((t) => (
                <TxRow key={t.id} t={t} />
              ))}
            </ul>
            {cursor && (
              <button className="btn secondary block" disabled={loadMore.busy} onClick={() => void loadMore.run()}>
                تراکنش‌های بیشتر
              </button>
            )}
            <ErrorText error={loadMore.error} />
          </section>
        </div>
      </div>
      {topUp && <TopUpDialog onClose={() => setTopUp(false)} />}
    </div>
  );
}

/**
 * How the top-up the person left for the bank's page went: the bank's return
 * lands on /wallet?topUp=<id> (or the id kept when leaving); asked again
 * whenever the wallet is read, until the bank has settled it.
 */
function TopUpResult({ walletData }: { walletData: unknown }) {
  const unit = useMoneyUnit();
  const fromBank = useSearchParam('topUp');
  const [returned, setReturned] = useState<{ status: string; amount: string; bankReference: string | null } | null>(null);
  useEffect(() => {
    const id = fromBank ?? sessionStorage.getItem(PENDING_TOPUP);
    if (!id) return;
    request(TopUpQuery, { id }).then(
      (r) => {
        if (!r.topUp) return;
        setReturned({ status: r.topUp.status, amount: r.topUp.amount, bankReference: r.topUp.bankReference ?? null });
        if (r.topUp.status !== 'PENDING') sessionStorage.removeItem(PENDING_TOPUP);
      },
      () => undefined,
    );
  }, [walletData, fromBank]);
  if (!returned) return null;
  return (
    <div className={`card ${returned.status === 'SUCCEEDED' ? 'receipt' : ''}`} role="status">
      {returned.status === 'SUCCEEDED' && `افزایش موجودی ${formatMoney(returned.amount, unit)} انجام شد.`}
      {returned.status === 'SUCCEEDED' && returned.bankReference && (
        <div className="muted">
          کد پیگیری بانک: <Digits value={returned.bankReference} />
        </div>
      )}
      {returned.status === 'PENDING' && 'پرداخت شما در انتظار تأیید بانک است…'}
      {returned.status === 'FAILED' && 'پرداخت انجام نشد؛ اگر مبلغی از حساب شما کم شده باشد، بانک آن را بازمی‌گرداند.'}
      {returned.status === 'EXPIRED' && 'مهلت پرداخت به پایان رسید.'}
    </div>
  );
}

function TxRow({ t }: { t: TransactionFieldsFragment }) {
  const unit = useMoneyUnit();
  const k = KIND[t.kind];
  const who = t.counterparty ? ` ${t.counterparty.displayName}` : t.billPayment ? ` ${BILL_TYPES[t.billPayment.type]}` : '';
  return (
    <li className="tx">
      <span className="tx-icon">
        <Icon name={k.icon} />
      </span>
      <div className="grow">
        <div style={{ fontWeight: 600 }} dir="auto">
          {k.label}
          {who}
        </div>
        {t.description && (
          <div className="muted" dir="auto" style={{ fontSize: 13 }}>
            {t.description}
          </div>
        )}
        <div className="muted" style={{ fontSize: 13 }}>
          {formatDateTime(t.createdAt)} · کد پیگیری <Digits value={t.trackingCode} />
        </div>
      </div>
      <div style={{ textAlign: 'end' }}>
        <div className={k.incoming ? 'sign-in' : 'sign-out'}>
          {k.incoming ? '+' : '−'}
          {formatMoney(t.amount, unit)}
        </div>
        <div className="muted" style={{ fontSize: 12 }}>
          مانده {formatMoney(t.balanceAfter, unit)}
        </div>
      </div>
    </li>
  );
}

const PRESETS = ['500000', '1000000', '2000000', '5000000'];

function TopUpDialog({ onClose }: { onClose: () => void }) {
  const unit = useMoneyUnit();
  const [amount, setAmount] = useState('');
  const [key] = useState(newId);
  const rials = parseAmount(amount, unit);
  const start = useAction(async () => {
    const r = await request(StartTopUp, { amount: rials!, key });
    sessionStorage.setItem(PENDING_TOPUP, r.startTopUp.id);
    location.assign(r.startTopUp.paymentUrl);
  }, describeError);
  return (
    <Modal title="افزایش موجودی" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (rials) void start.run();
        }}
      >
        <div className="row" style={{ flexWrap: 'wrap' }}>
          {PRESETS.map((p) => (
            <button
              type="button"
              key={p}
              className="chip"
              style={{ border: 0, cursor: 'pointer' }}
              onClick={() => setAmount(faDigits(unit === 'toman' ? String(BigInt(p) / 10n) : p))}
            >
              {formatMoney(p, unit)}
            </button>
          ))}
        </div>
        <Field label={`مبلغ (${unit === 'toman' ? 'تومان' : 'ریال'})`} hint={rials ? formatMoney(rials, unit) : 'رقم فارسی یا انگلیسی'}>
          <input className="input ltr" inputMode="numeric" autoFocus value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <p className="hint">برای پرداخت به درگاه بانک می‌روید و پس از پرداخت به همین‌جا برمی‌گردید.</p>
        <ErrorText error={start.error} />
        <button className="btn" disabled={start.busy || !rials}>
          {start.busy ? 'در حال انتقال به درگاه…' : 'پرداخت با درگاه بانکی'}
        </button>
      </form>
    </Modal>
  );
}
