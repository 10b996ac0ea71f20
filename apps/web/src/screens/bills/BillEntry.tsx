import { FormEvent } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import type { BillInfoFieldsFragment } from '../../gql/graphql';
import { digitsOnly } from '../../lib/format';
import { DecodeBarcode, InspectBill } from '../../ops/payments';
import { ErrorText, Field, useAction } from '../../ui/kit';
import { BillScanner } from './BillScanner';

type Mode = 'ids' | 'barcode' | 'camera';

/** What the person typed, kept while they look at the bill and come back. */
export interface BillForm {
  mode: Mode;
  billId: string;
  paymentId: string;
  barcode: string;
}
export const EMPTY_BILL: BillForm = { mode: 'ids', billId: '', paymentId: '', barcode: '' };

const TABS: [Mode, string][] = [
  ['ids', 'شناسهٔ قبض و پرداخت'],
  ['barcode', 'بارکد ۲۶ رقمی'],
  ['camera', 'اسکن با دوربین'],
];

/** The bill by its two ids, by the barcode's 26 digits, or by the camera; the server reads its type and amount. */
export function BillEntry({
  form,
  onChange,
  onInspected,
}: {
  form: BillForm;
  onChange: (patch: Partial<BillForm>) => void;
  onInspected: (info: BillInfoFieldsFragment) => void;
}) {
  const inspect = useAction(async (how: Mode, code?: string) => {
    const r =
      how === 'ids'
        ? (await request(InspectBill, { billId: digitsOnly(form.billId), paymentId: digitsOnly(form.paymentId) })).inspectBill
        : (await request(DecodeBarcode, { barcode: digitsOnly(code ?? form.barcode) })).decodeBillBarcode;
    onInspected(r);
  }, describeError);
  const submit = (how: Mode) => (e: FormEvent) => {
    e.preventDefault();
    void inspect.run(how);
  };
  return (
    <section className="card stack" aria-label="اطلاعات قبض">
      <div className="tabs" role="tablist" aria-label="روش وارد کردن قبض">
        {TABS.map(([m, label]) => (
          <button key={m} role="tab" className="tab" aria-selected={form.mode === m} onClick={() => onChange({ mode: m })}>
            {label}
          </button>
        ))}
      </div>
      {form.mode === 'ids' && (
        <form className="stack" onSubmit={submit('ids')}>
          <Field label="شناسهٔ قبض">
            <DigitsInput value={form.billId} onChange={(billId) => onChange({ billId })} />
          </Field>
          <Field label="شناسهٔ پرداخت">
            <DigitsInput value={form.paymentId} onChange={(paymentId) => onChange({ paymentId })} />
          </Field>
          <ErrorText error={inspect.error} />
          <button className="btn" disabled={inspect.busy || !form.billId || !form.paymentId}>
            استعلام قبض
          </button>
        </form>
      )}
      {form.mode === 'barcode' && (
        <form className="stack" onSubmit={submit('barcode')}>
          <Field label="بارکد قبض" hint="۲۶ رقم زیر بارکد را بنویسید یا بچسبانید.">
            <DigitsInput value={form.barcode} onChange={(barcode) => onChange({ barcode })} />
          </Field>
          <ErrorText error={inspect.error} />
          <button className="btn" disabled={inspect.busy || digitsOnly(form.barcode).length !== 26}>
            استعلام قبض
          </button>
        </form>
      )}
      {form.mode === 'camera' && (
        <>
          <BillScanner
            onBarcode={(digits) => {
              onChange({ barcode: digits, mode: 'barcode' });
              void inspect.run('barcode', digits);
            }}
          />
          <ErrorText error={inspect.error} />
        </>
      )}
    </section>
  );
}

function DigitsInput({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return <input className="input ltr" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" />;
}
