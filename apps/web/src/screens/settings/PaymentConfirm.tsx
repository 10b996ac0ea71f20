import { useState } from 'react';
import { faDigits, formatMoney, parseAmount } from '../../lib/format';
import { setPasswordAbove, useMoneyUnit, usePasswordAbove } from '../../lib/prefs';
import { Field, toast } from '../../ui/kit';

/** Above which amount paying or sending money asks for the two-step password too (on this device). */
export function PaymentConfirm() {
  const unit = useMoneyUnit();
  const above = usePasswordAbove();
  const [typed, setTyped] = useState('');
  const rials = parseAmount(typed, unit);
  return (
    <section className="card stack" aria-labelledby="payconfirm-h">
      <h2 id="payconfirm-h" style={{ margin: 0, fontSize: 17 }}>
        تأیید پرداخت با رمز
      </h2>
      <p className="hint">
        {above
          ? `پرداخت‌ها و انتقال‌های بیش از ${formatMoney(above, unit)} رمز دومرحله‌ای هم می‌خواهند.`
          : 'هر پرداخت و انتقال پیش از انجام، مبلغ و گیرنده را برای تأیید نشان می‌دهد. می‌توانید برای مبلغ‌های بالا رمز دومرحله‌ای هم بخواهید.'}
      </p>
      <form
        className="row"
        style={{ alignItems: 'end', flexWrap: 'wrap' }}
        onSubmit={(e) => {
          e.preventDefault();
          if (!rials) return;
          setPasswordAbove(rials);
          setTyped('');
          toast('حد تأیید با رمز ذخیره شد');
        }}
      >
        <div className="grow">
          <Field
            label={`رمز بخواه برای بیش از (${unit === 'toman' ? 'تومان' : 'ریال'})`}
            hint={rials ? formatMoney(rials, unit) : `مثلاً ${faDigits(unit === 'toman' ? '100000' : '1000000')}`}
          >
            <input className="input ltr" inputMode="numeric" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </Field>
        </div>
        <button className="btn" disabled={!rials}>
          ذخیره
        </button>
        {above && (
          <button type="button" className="btn secondary" onClick={() => setPasswordAbove(null)}>
            برداشتن حد
          </button>
        )}
      </form>
    </section>
  );
}
