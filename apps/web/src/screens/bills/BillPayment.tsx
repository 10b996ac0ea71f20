import { useState } from 'react';
import { request } from '../../api/client';
import type { BillInfoFieldsFragment, PayBillMutation } from '../../gql/graphql';
import { formatDateTime, formatMoney } from '../../lib/format';
import { newId } from '../../lib/ids';
import { needsPassword, useMoneyUnit, usePasswordAbove } from '../../lib/prefs';
import { PayBill } from '../../ops/payments';
import { useChat, useChatStore } from '../../store/chat-context';
import { ConfirmSheet, confirmPassword, describeConfirmError } from '../../ui/ConfirmSheet';
import { Field, toast, useAction } from '../../ui/kit';
import { BILL_TYPES } from '../chats/preview';
import { ConversationPicker } from '../chats/Pickers';
import { Digits } from '../../ui/Digits';

/** The bill's amount, type, ids and company code. */
function BillDetails({ info }: { info: BillInfoFieldsFragment }) {
  const unit = useMoneyUnit();
  return (
    <dl className="kv">
      <dt>مبلغ</dt>
      <dd data-testid="bill-amount">{formatMoney(info.amount, unit)}</dd>
      <dt>نوع</dt>
      <dd>{BILL_TYPES[info.type]}</dd>
      <dt>شناسهٔ قبض</dt>
      <dd style={{ textAlign: 'end' }}>
        <Digits value={info.billId} />
      </dd>
      <dt>شناسهٔ پرداخت</dt>
      <dd style={{ textAlign: 'end' }}>
        <Digits value={info.paymentId} />
      </dd>
      <dt>کد شرکت</dt>
      <dd style={{ textAlign: 'end' }}>
        <Digits value={info.companyCode} />
      </dd>
    </dl>
  );
}

export type Receipt = PayBillMutation['payBill'];

/** The bill's type and amount before paying; the receipt can go to a chat with the payment. */
export function Confirm({ info, onBack, onPaid }: { info: BillInfoFieldsFragment; onBack: () => void; onPaid: (r: Receipt) => void }) {
  const store = useChatStore();
  useChat(store);
  const unit = useMoneyUnit();
  const above = usePasswordAbove();
  const [shareTo, setShareTo] = useState('');
  const [confirming, setConfirming] = useState(false);
  // One key per bill shown: paying twice by a double click or a retry pays once.
  const [key] = useState(newId);
  const pay = useAction(async (password: string | null) => {
    await confirmPassword(password);
    const r = await request(PayBill, {
      input: { billId: info.billId, paymentId: info.paymentId, idempotencyKey: key, conversationId: shareTo || null },
    });
    if (shareTo) toast('رسید در گفتگو فرستاده شد');
    onPaid(r.payBill);
  }, describeConfirmError);
  return (
    <section className="card stack" aria-labelledby="confirm-h">
      <h2 id="confirm-h" style={{ margin: 0, fontSize: 18 }}>
        قبض {BILL_TYPES[info.type]}
      </h2>
      <BillDetails info={info} />
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
      <div className="row">
        <button className="btn grow" disabled={info.alreadyPaid} onClick={() => setConfirming(true)}>
          {`پرداخت ${formatMoney(info.amount, unit)} از کیف پول`}
        </button>
        <button className="btn secondary" onClick={onBack}>
          بازگشت
        </button>
      </div>
      {confirming && (
        <ConfirmSheet
          title="تأیید پرداخت قبض"
          amount={info.amount}
          rows={[
            { label: 'قبض', value: BILL_TYPES[info.type] },
            { label: 'شناسهٔ قبض', value: <Digits value={info.billId} /> },
            { label: 'شناسهٔ پرداخت', value: <Digits value={info.paymentId} /> },
            { label: 'از', value: 'کیف پول شما' },
          ]}
          confirmLabel="تأیید و پرداخت"
          busy={pay.busy}
          error={pay.error}
          askPassword={needsPassword(info.amount, above)}
          onConfirm={(password) => void pay.run(password)}
          onCancel={() => {
            pay.setError(null);
            setConfirming(false);
          }}
        />
      )}
    </section>
  );
}

/** The paid bill and its tracking code; it can be sent into a chat. */
export function ReceiptCard({ receipt, onNew }: { receipt: Receipt; onNew: () => void }) {
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
        <dd style={{ textAlign: 'end' }}>
          <Digits value={receipt.trackingCode} testId="tracking-code" />
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
