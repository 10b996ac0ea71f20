import { useState } from 'react';
import { useQuery } from '../../api/use-query';
import type { BillInfoFieldsFragment, BillPaymentsQuery } from '../../gql/graphql';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useMoneyUnit } from '../../lib/prefs';
import { BillPayments } from '../../ops/payments';
import { ErrorText } from '../../ui/kit';
import { BILL_TYPES } from '../chats/preview';
import { BillEntry, EMPTY_BILL, type BillForm } from './BillEntry';
import { Confirm, ReceiptCard, type Receipt } from './BillPayment';
import { Digits } from '../../ui/Digits';

/** A bill from its ids, its barcode or the camera → its type and amount → paid from the wallet → the receipt. */
export function Bills() {
  const [form, setForm] = useState<BillForm>(EMPTY_BILL);
  const [info, setInfo] = useState<BillInfoFieldsFragment | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const history = useQuery(BillPayments, { after: null });
  return (
    <div className="pane-main">
      <header className="topbar">
        <h1>پرداخت قبض</h1>
      </header>
      <div className="page">
        <div className="page-inner">
          {receipt ? (
            <ReceiptCard
              receipt={receipt}
              onNew={() => {
                setReceipt(null);
                setInfo(null);
                setForm((f) => ({ ...EMPTY_BILL, mode: f.mode }));
              }}
            />
          ) : info ? (
            <Confirm
              info={info}
              onBack={() => setInfo(null)}
              onPaid={(r) => {
                setReceipt(r);
                void history.reload();
              }}
            />
          ) : (
            <BillEntry
              form={form}
              onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
              onInspected={(r) => {
                setReceipt(null);
                setInfo(r);
              }}
            />
          )}
          <PaidBills data={history.data} error={history.error} />
        </div>
      </div>
    </div>
  );
}

function PaidBills({ data, error }: { data: BillPaymentsQuery | null; error: string | null }) {
  const unit = useMoneyUnit();
  return (
    <section className="card" aria-labelledby="bills-h">
      <h2 id="bills-h" style={{ margin: '0 0 8px', fontSize: 17 }}>
        قبض‌های پرداخت‌شده
      </h2>
      <ErrorText error={error} />
      {data && !data.billPayments.edges.length && <p className="hint">هنوز قبضی نپرداخته‌اید.</p>}
      <ul className="list" style={{ overflow: 'visible' }} aria-label="قبض‌های پرداخت‌شده">
        {data?.billPayments.edges.map(({ node: b }) => (
          <li key={b.id} className="tx">
            <div className="grow">
              <div style={{ fontWeight: 600 }}>قبض {BILL_TYPES[b.type]}</div>
              <div className="muted" style={{ fontSize: 13 }}>
                {formatDateTime(b.paidAt)} · کد پیگیری <Digits value={b.trackingCode} />
              </div>
            </div>
            <div className="sign-out">{formatMoney(b.amount, unit)}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
