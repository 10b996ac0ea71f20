import { FormEvent, useCallback, useState } from 'react';
import { useChat, useChatStore } from '../store/chat-context';
import { request } from '../api/client';
import { describeError } from '../api/errors';
import { useQuery } from '../api/use-query';
import type { BillInfoFieldsFragment, PayBillMutation } from '../gql/graphql';
import { digitsOnly, formatDateTime, formatMoney } from '../lib/format';
import { newId } from '../lib/ids';
import { useMoneyUnit } from '../lib/prefs';
import { BillPayments, DecodeBarcode, InspectBill, PayBill } from '../ops/payments';
import { ErrorText, Field, toast, useAction } from '../ui/kit';
import { BillScanner } from './BillScanner';
import { BILL_TYPES } from './chats/preview';
import { ConversationPicker } from './chats/Pickers';

type Mode = 'ids' | 'barcode' | 'camera';
type Receipt = PayBillMutation['payBill'];

export function Bills() {
  const [mode, setMode] = useState<Mode>('ids');
  const [billId, setBillId] = useState('');
  const [paymentId, setPaymentId] = useState('');
  const [barcode, setBarcode] = useState('');
  const [info, setInfo] = useState<BillInfoFieldsFragment | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const history = useQuery(BillPayments, { after: null });
  const unit = useMoneyUnit();

  const inspect = useAction(async (how: Mode, code?: string) => {
    setReceipt(null);
    const r =
      how === 'ids'
        ? (await request(InspectBill, { billId: digitsOnly(billId), paymentId: digitsOnly(paymentId) })).inspectBill
        : (await request(DecodeBarcode, { barcode: digitsOnly(code ?? barcode) })).decodeBillBarcode;
    setInfo(r);
  }, describeError);
  const onScan = useCallback((digits: string) => {
    setBarcode(digits);
    setMode('barcode');
    void inspect.run('barcode', digits);
  }, []); // eslint-disable-line

  const tabs: [Mode, string][] = [
    ['ids', 'شناسهٔ قبض و پرداخت'],
    ['barcode', 'بارکد ۲۶ رقمی'],
    ['camera', 'اسکن با دوربین'],
  ];
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
                setBillId('');
                setPaymentId('');
                setBarcode('');
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
            <section className="card stack" aria-label="اطلاعات قبض">
              <div className="tabs" role="tablist" aria-label="روش وارد کردن قبض">
                {tabs.map(([m, label]) => (
                  <button key={m} role="tab" className="tab" aria-selected={mode === m} onClick={() => setMode(m)}>
                    {label}
                  </button>
                ))}
              </div>
              {mode === 'ids' && (
                <form
                  className="stack"
                  onSubmit={(e: FormEvent) => {
                    e.preventDefault();
                    void inspect.run('ids');
                  }}
                >
                  <Field label="شناسهٔ قبض">
                    <input
                      className="input ltr"
                      inputMode="numeric"
                      value={billId}
                      onChange={(e) => setBillId(e.target.value)}
                      autoComplete="off"
                    />
                  </Field>
                  <Field label="شناسهٔ پرداخت">
                    <input
                      className="input ltr"
                      inputMode="numeric"
                      value={paymentId}
                      onChange={(e) => setPaymentId(e.target.value)}
                      autoComplete="off"
                    />
                  </Field>
                  <ErrorText error={inspect.error} />
                  <button className="btn" disabled={inspect.busy || !billId || !paymentId}>
                    استعلام قبض
                  </button>
                </form>
              )}
              {mode === 'barcode' && (
                <form
                  className="stack"
                  onSubmit={(e: FormEvent) => {
                    e.preventDefault();
                    void inspect.run('barcode');
                  }}
                >
                  <Field label="بارکد قبض" hint="۲۶ رقم زیر بارکد را بنویسید یا بچسبانید.">
                    <input
                      className="input ltr"
                      inputMode="numeric"
                      value={barcode}
                      onChange={(e) => setBarcode(e.target.value)}
                      autoComplete="off"
                    />
                  </Field>
                  <ErrorText error={inspect.error} />
                  <button className="btn" disabled={inspect.busy || digitsOnly(barcode).length !== 26}>
                    استعلام قبض
                  </button>
                </form>
              )}
              {mode === 'camera' && (
                <>
                  <BillScanner onBarcode={onScan} />
                  <ErrorText error={inspect.error} />
                </>
              )}
            </section>
          )}
          <section className="card" aria-labelledby="bills-h">
            <h2 id="bills-h" style={{ margin: '0 0 8px', fontSize: 17 }}>
              قبض‌های پرداخت‌شده
            </h2>
            <ErrorText error={history.error} />
            {history.data && !history.data.billPayments.edges.length && <p className="hint">هنوز قبضی نپرداخته‌اید.</p>}
            <ul className="list" style={{ overflow: 'visible' }} aria-label="قبض‌های پرداخت‌شده">
              {history.data?.billPayments.edges.map(({ node: b }) => (
                <li key={b.id} className="tx">
                  <div className="grow">
                    <div style={{ fontWeight: 600 }}>قبض {BILL_TYPES[b.type]}</div>
                    <div className="muted" style={{ fontSize: 13 }}>
                      {formatDateTime(b.paidAt)} · کد پیگیری <span className="ltr">{b.trackingCode}</span>
                    </div>
                  </div>
                  <div className="sign-out">{formatMoney(b.amount, unit)}</div>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}

function Confirm({ info, onBack, onPaid }: { info: BillInfoFieldsFragment; onBack: () => void; onPaid: (r: Receipt) => void }) {
  const store = useChatStore();
  useChat(store);
  const unit = useMoneyUnit();
  const [shareTo, setShareTo] = useState('');
  // One key per bill shown: paying twice by a double click or a retry pays once.
  const [key] = useState(newId);
  const pay = useAction(async () => {
    const r = await request(PayBill, {
      input: { billId: info.billId, paymentId: info.paymentId, idempotencyKey: key, conversationId: shareTo || null },
    });
    if (shareTo) toast('رسید در گفتگو فرستاده شد');
    onPaid(r.payBill);
  }, describeError);
  return (
    <section className="card stack" aria-labelledby="confirm-h">
      <h2 id="confirm-h" style={{ margin: 0, fontSize: 18 }}>
        قبض {BILL_TYPES[info.type]}
      </h2>
      <dl className="kv">
        <dt>مبلغ</dt>
        <dd data-testid="bill-amount">{formatMoney(info.amount, unit)}</dd>
        <dt>نوع</dt>
        <dd>{BILL_TYPES[info.type]}</dd>
        <dt>شناسهٔ قبض</dt>
        <dd className="ltr" style={{ textAlign: 'end' }}>
          {info.billId}
        </dd>
        <dt>شناسهٔ پرداخت</dt>
        <dd className="ltr" style={{ textAlign: 'end' }}>
          {info.paymentId}
        </dd>
        <dt>کد شرکت</dt>
        <dd className="ltr" style={{ textAlign: 'end' }}>
          {info.companyCode}
        </dd>
      </dl>
      {info.alreadyPaid && (
        <p className="error" role="alert">
          این قبض پیش‌تر پرداخت شده است.
        </p>
      )}
      <Field label="فرستادن رسید به گفتگو (اختیاری)">
        <select className="input" value={shareTo} onChange={(e) => setShareTo(e.target.value)}>
          <option value="">نفرست</option>
          {store.sorted().map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </Field>
      <ErrorText error={pay.error} />
      <div className="row">
        <button className="btn grow" disabled={pay.busy || info.alreadyPaid} onClick={() => void pay.run()}>
          {pay.busy ? 'در حال پرداخت…' : `پرداخت ${formatMoney(info.amount, unit)} از کیف پول`}
        </button>
        <button className="btn secondary" onClick={onBack}>
          بازگشت
        </button>
      </div>
    </section>
  );
}

function ReceiptCard({ receipt, onNew }: { receipt: Receipt; onNew: () => void }) {
  const unit = useMoneyUnit();
  const store = useChatStore();
  const [sharing, setSharing] = useState(false);
  const text = `🧾 رسید پرداخت قبض ${BILL_TYPES[receipt.type]}\nمبلغ: ${formatMoney(receipt.amount, unit)}\nشناسهٔ قبض: ${receipt.billId}\nشناسهٔ پرداخت: ${receipt.paymentId}\nکد پیگیری: ${receipt.trackingCode}\n${formatDateTime(receipt.paidAt)}`;
  return (
    <section className="card stack receipt" aria-labelledby="receipt-h">
      <h2 id="receipt-h">✔ قبض پرداخت شد</h2>
      <dl className="kv">
        <dt>مبلغ</dt>
        <dd>{formatMoney(receipt.amount, unit)}</dd>
        <dt>نوع</dt>
        <dd>{BILL_TYPES[receipt.type]}</dd>
        <dt>کد پیگیری</dt>
        <dd className="ltr" style={{ textAlign: 'end' }} data-testid="tracking-code">
          {receipt.trackingCode}
        </dd>
        <dt>زمان</dt>
        <dd>{formatDateTime(receipt.paidAt)}</dd>
      </dl>
      <div className="row">
        <button className="btn grow" onClick={() => setSharing(true)}>
          فرستادن رسید در گفتگو
        </button>
        <button className="btn secondary" onClick={onNew}>
          قبض دیگر
        </button>
      </div>
      {sharing && (
        <ConversationPicker
          title="فرستادن رسید به…"
          onClose={() => setSharing(false)}
          onPick={async (id) => {
            store.outbox.send(id, text, null);
            toast('رسید فرستاده شد');
          }}
        />
      )}
    </section>
  );
}
