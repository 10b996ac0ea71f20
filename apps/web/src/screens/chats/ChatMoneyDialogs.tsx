import { FormEvent, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { formatMoney, parseAmount } from '../../lib/format';
import { newId } from '../../lib/ids';
import { useMoneyUnit } from '../../lib/prefs';
import { RequestMoney, SplitBill } from '../../ops/chat-money';
import type { Conv } from '../../store/chat-types';
import { ErrorText, Field, Modal, toast, useAction } from '../../ui/kit';

type Member = { id: string; displayName: string };

/** Asks for money in this conversation: the other member of a direct chat, or one member (or anyone) of a group. */
export function RequestMoneyDialog({ conv, others, onClose }: { conv: Conv; others: Member[]; onClose: () => void }) {
  const unit = useMoneyUnit();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [payerId, setPayerId] = useState('');
  // One clientId per request being made: a retry after a lost answer posts it once.
  const [clientId] = useState(newId);
  const rials = parseAmount(amount, unit);
  const send = useAction(
    async () => {
      if (!rials) throw new Error('amount');
      await request(RequestMoney, {
        input: { conversationId: conv.id, amount: rials, note: note.trim() || null, payerId: payerId || null, clientId },
      });
      toast('درخواست پول فرستاده شد');
      onClose();
    },
    (e) => (e instanceof Error && e.message === 'amount' ? 'مبلغ را وارد کنید.' : describeError(e)),
  );
  return (
    <Modal title="درخواست پول" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void send.run();
        }}
      >
        <Field label={`مبلغ (${unit === 'toman' ? 'تومان' : 'ریال'})`} hint={rials ? formatMoney(rials, unit) : 'رقم فارسی یا انگلیسی'}>
          <input className="input ltr" inputMode="numeric" autoFocus value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        {conv.kind === 'GROUP' && (
          <Field label="از چه کسی">
            <select className="input" value={payerId} onChange={(e) => setPayerId(e.target.value)}>
              <option value="">هر کدام از اعضا</option>
              {others.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.displayName}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="بابت (اختیاری)">
          <input className="input" dir="auto" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
        </Field>
        <ErrorText error={send.error} />
        <button className="btn" disabled={send.busy || !rials}>
          {send.busy ? 'در حال ارسال…' : 'فرستادن درخواست'}
        </button>
      </form>
    </Modal>
  );
}

/** Shares a bill between the viewer and chosen members: equal shares, paid into the split until the bill is paid. */
export function SplitBillDialog({ conv, others, onClose }: { conv: Conv; others: Member[]; onClose: () => void }) {
  const [billId, setBillId] = useState('');
  const [paymentId, setPaymentId] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(others.map((m) => m.id)));
  const [clientId] = useState(newId);
  const split = useAction(async () => {
    await request(SplitBill, { input: { conversationId: conv.id, billId, paymentId, memberIds: [...chosen], clientId } });
    toast('قبض برای تقسیم فرستاده شد');
    onClose();
  }, describeError);
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Modal title="تقسیم قبض" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void split.run();
        }}
      >
        <Field label="شناسهٔ قبض">
          <input className="input ltr" inputMode="numeric" autoFocus value={billId} onChange={(e) => setBillId(e.target.value)} />
        </Field>
        <Field label="شناسهٔ پرداخت">
          <input className="input ltr" inputMode="numeric" value={paymentId} onChange={(e) => setPaymentId(e.target.value)} />
        </Field>
        <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>شریک‌ها (شما هم سهم دارید)</legend>
          {others.map((m) => (
            <label key={m.id} className="row">
              <input type="checkbox" checked={chosen.has(m.id)} onChange={() => toggle(m.id)} />
              <span dir="auto">{m.displayName}</span>
            </label>
          ))}
        </fieldset>
        <ErrorText error={split.error} />
        <button className="btn" disabled={split.busy || !billId.trim() || !paymentId.trim() || !chosen.size}>
          {split.busy ? 'در حال ارسال…' : 'تقسیم قبض'}
        </button>
      </form>
    </Modal>
  );
}
