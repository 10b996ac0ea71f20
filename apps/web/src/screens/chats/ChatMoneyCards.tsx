import { ReactNode, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import type { BillSplitFieldsFragment, MoneyRequestFieldsFragment } from '../../gql/graphql';
import { formatMoney, type MoneyUnit } from '../../lib/format';
import { newId } from '../../lib/ids';
import { needsPassword, usePasswordAbove } from '../../lib/prefs';
import { CancelBillSplit, CancelMoneyRequest, DeclineMoneyRequest, PayBillShare, PayMoneyRequest } from '../../ops/chat-money';
import { useChatStore } from '../../store/chat-context';
import type { Msg } from '../../store/chat-types';
import { ConfirmSheet, confirmPassword, describeConfirmError } from '../../ui/ConfirmSheet';
import { toast, useAction } from '../../ui/kit';
import { BILL_TYPES } from './preview';

/** The amount in the chosen unit, with the other beside it (as the wallet shows). */
function Amount({ rials, unit }: { rials: string; unit: MoneyUnit }) {
  return (
    <div>
      <span className="amount">{formatMoney(rials, unit)}</span>{' '}
      <span className="muted">({formatMoney(rials, unit === 'rial' ? 'toman' : 'rial')})</span>
    </div>
  );
}

const REQUEST_STATUS: Record<string, string> = { OPEN: 'در انتظار پرداخت', PAID: 'پرداخت شد', DECLINED: 'رد شد', CANCELLED: 'لغو شد' };
const SPLIT_STATUS: Record<string, string> = {
  COLLECTING: 'در حال جمع‌آوری سهم‌ها',
  PAID: 'قبض پرداخت شد',
  CANCELLED: 'لغو شد؛ سهم‌های پرداخت‌شده برگشت داده شد',
};

/** Runs a mutation that moves no money (decline, cancel) for a card and puts its answer into the message. */
function useCardAction<T>(m: Msg, patch: (answer: T) => Partial<Msg>) {
  const store = useChatStore();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<T>) => {
    setBusy(true);
    try {
      const answer = await call();
      const cur = store.threads.get(m.conversationId)?.bySeq.get(m.seq) ?? m;
      store.putMessage({ ...cur, ...patch(answer) });
    } catch (err) {
      toast(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run, me: store.me };
}

/**
 * Money leaves the wallet only after the confirmation sheet (who it goes to,
 * how much; the two-step password above the amount set in Settings), as for
 * every other payment in the app. One idempotency key per card and person.
 */
function usePayConfirm<T>(m: Msg, patch: (answer: T) => Partial<Msg>, pay: (key: string) => Promise<T>) {
  const store = useChatStore();
  const above = usePasswordAbove();
  const [open, setOpen] = useState(false);
  const [key] = useState(newId);
  const action = useAction(async (password: string | null) => {
    await confirmPassword(password);
    const answer = await pay(key);
    const cur = store.threads.get(m.conversationId)?.bySeq.get(m.seq) ?? m;
    store.putMessage({ ...cur, ...patch(answer) });
    setOpen(false);
  }, describeConfirmError);
  const sheet = (props: { title: string; amount: string; rows: { label: string; value: ReactNode }[] }) =>
    open && (
      <ConfirmSheet
        {...props}
        confirmLabel="تأیید و پرداخت"
        busy={action.busy}
        error={action.error}
        askPassword={needsPassword(props.amount, above)}
        onConfirm={(password) => void action.run(password)}
        onCancel={() => {
          action.setError(null);
          setOpen(false);
        }}
      />
    );
  return { open: () => setOpen(true), busy: action.busy, sheet };
}

export function MoneyRequestCard({ m, r, unit }: { m: Msg; r: MoneyRequestFieldsFragment; unit: MoneyUnit }) {
  const action = useCardAction(m, (answer: MoneyRequestFieldsFragment) => ({ moneyRequest: answer }));
  const payment = usePayConfirm(
    m,
    (answer: MoneyRequestFieldsFragment) => ({ moneyRequest: answer }),
    (key) => pay(r.id, key),
  );
  const { me } = action;
  const open = r.status === 'OPEN';
  const canPay = open && r.requester.id !== me && (!r.payer || r.payer.id === me);
  return (
    <div className="special chat-money" aria-label="درخواست پول" data-status={r.status}>
      <div className="muted">💰 درخواست پول از {r.payer ? r.payer.displayName : 'اعضای گروه'}</div>
      <Amount rials={r.amount} unit={unit} />
      {r.note && <div dir="auto">«{r.note}»</div>}
      <div className="chat-money-status">
        {REQUEST_STATUS[r.status]}
        {r.status === 'PAID' && r.paidBy && <span dir="auto"> توسط {r.paidBy.displayName}</span>}
      </div>
      {r.payment && (
        <div className="muted">
          کد پیگیری: <span className="ltr">{r.payment.trackingCode}</span>
        </div>
      )}
      <div className="row chat-money-actions">
        {canPay && (
          <button type="button" className="btn" disabled={payment.busy} onClick={payment.open}>
            پرداخت {formatMoney(r.amount, unit)}
          </button>
        )}
        {open && r.payer?.id === me && (
          <button type="button" className="btn ghost" disabled={action.busy} onClick={() => void action.run(() => decline(r.id))}>
            رد کردن
          </button>
        )}
        {open && r.requester.id === me && (
          <button type="button" className="btn ghost" disabled={action.busy} onClick={() => void action.run(() => cancel(r.id))}>
            لغو درخواست
          </button>
        )}
      </div>
      {payment.sheet({
        title: 'تأیید پرداخت درخواست',
        amount: r.amount,
        rows: [
          { label: 'به', value: <bdi>{r.requester.displayName}</bdi> },
          { label: 'از', value: 'کیف پول شما' },
          ...(r.note ? [{ label: 'بابت', value: <bdi>{r.note}</bdi> }] : []),
        ],
      })}
    </div>
  );
}

const pay = (id: string, key: string) => request(PayMoneyRequest, { id, key }).then((x) => x.payMoneyRequest);
const decline = (id: string) => request(DeclineMoneyRequest, { id }).then((x) => x.declineMoneyRequest);
const cancel = (id: string) => request(CancelMoneyRequest, { id }).then((x) => x.cancelMoneyRequest);

export function BillSplitCard({ m, s, unit }: { m: Msg; s: BillSplitFieldsFragment; unit: MoneyUnit }) {
  const action = useCardAction(m, (answer: BillSplitFieldsFragment) => ({ billSplit: answer }));
  const payment = usePayConfirm(
    m,
    (answer: BillSplitFieldsFragment) => ({ billSplit: answer }),
    (key) => request(PayBillShare, { id: s.id, key }).then((x) => x.payBillShare),
  );
  const { me } = action;
  const collecting = s.status === 'COLLECTING';
  const mine = s.shares.find((share) => share.user.id === me);
  return (
    <div className="special chat-money" aria-label="قبض مشترک" data-status={s.status}>
      <div className="muted">🧾 قبض {BILL_TYPES[s.bill.type]} مشترک</div>
      <Amount rials={s.bill.amount} unit={unit} />
      <div>
        جمع‌شده: {formatMoney(s.collected, unit)} از {formatMoney(s.bill.amount, unit)}
      </div>
      <ul className="chat-money-shares" aria-label="سهم‌ها">
        {s.shares.map((share) => (
          <li key={share.user.id}>
            <span dir="auto">{share.user.displayName}</span>: {formatMoney(share.amount, unit)} —{' '}
            {share.paidAt ? '✓ پرداخت کرد' : 'در انتظار'}
          </li>
        ))}
      </ul>
      <div className="chat-money-status">{SPLIT_STATUS[s.status]}</div>
      {s.billPayment && (
        <div className="muted" data-testid="split-receipt">
          رسید قبض — کد پیگیری: <span className="ltr">{s.billPayment.trackingCode}</span>
        </div>
      )}
      <div className="row chat-money-actions">
        {collecting && mine && !mine.paidAt && (
          <button type="button" className="btn" disabled={payment.busy} onClick={payment.open}>
            پرداخت سهم {formatMoney(mine.amount, unit)}
          </button>
        )}
        {collecting && s.createdBy.id === me && (
          <button
            type="button"
            className="btn ghost"
            disabled={action.busy}
            onClick={() => void action.run(() => request(CancelBillSplit, { id: s.id }).then((x) => x.cancelBillSplit))}
          >
            لغو تقسیم
          </button>
        )}
      </div>
      {mine &&
        payment.sheet({
          title: 'تأیید پرداخت سهم قبض',
          amount: mine.amount,
          rows: [
            { label: 'قبض', value: `${BILL_TYPES[s.bill.type]} — ${formatMoney(s.bill.amount, unit)}` },
            { label: 'به', value: 'حساب قبض مشترک، تا پرداخت همهٔ سهم‌ها' },
            { label: 'از', value: 'کیف پول شما' },
          ],
        })}
    </div>
  );
}
