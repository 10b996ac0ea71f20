import { type ReactNode, useEffect, useRef } from 'react';
import { faDigits, formatPhone } from '../lib/format';
import { Icon } from '../ui/icons';
import { ErrorText, Field } from '../ui/kit';
import { useSignIn, type Step } from './use-sign-in';

function titleOf(step: Step, e164: string): [string, ReactNode] {
  switch (step) {
    case 'phone':
      return ['ورود به سوپراپ', 'شمارهٔ موبایل خود را وارد کنید تا کد ورود برایتان پیامک شود.'];
    case 'code':
      return [
        'کد تأیید',
        <>
          کد ۵ رقمی پیامک‌شده به{' '}
          <bdi dir="ltr" className="phone-number">
            {formatPhone(e164)}
          </bdi>{' '}
          را وارد کنید.
        </>,
      ];
    case 'password':
      return ['رمز دومرحله‌ای', 'این حساب رمز دومرحله‌ای دارد. رمز را وارد کنید.'];
    case 'name':
      return ['ساخت حساب', 'به سوپراپ خوش آمدید! نامی که دیگران می‌بینند را بنویسید.'];
  }
}

/** Phone number → SMS code → two-step password (when set) → display name (for a new account). */
export function SignIn() {
  const flow = useSignIn();
  const { step } = flow;
  const [title, hint] = titleOf(step, flow.e164);
  return (
    <main className="auth">
      <form className="card" onSubmit={flow.submit} noValidate>
        <div className="logo">
          <Icon name="logo" />
        </div>
        <h1 id="auth-title">{title}</h1>
        <p className="muted">{hint}</p>
        <StepField key={step} step={step} fields={flow.fields} />
        <ErrorText error={flow.error} />
        <button className="btn block" type="submit" disabled={flow.busy}>
          {flow.busy ? 'لطفاً صبر کنید…' : step === 'phone' ? 'ارسال کد' : step === 'name' ? 'ساخت حساب' : 'ورود'}
        </button>
        {step !== 'phone' && (
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <button type="button" className="btn ghost" onClick={flow.changeNumber}>
              تغییر شماره
            </button>
            {step === 'code' && (
              <button type="button" className="btn ghost" disabled={flow.wait > 0 || flow.busy} onClick={flow.resend}>
                {flow.wait > 0 ? `ارسال دوباره (${faDigits(flow.wait)})` : 'ارسال دوبارهٔ کد'}
              </button>
            )}
          </div>
        )}
      </form>
    </main>
  );
}

/** The one input of the step (a new element for each step, keyed by it), focused when it appears. */
function StepField({ step, fields: f }: { step: Step; fields: ReturnType<typeof useSignIn>['fields'] }) {
  const focusRef = useRef<HTMLInputElement>(null);
  useEffect(() => focusRef.current?.focus(), [step]);
  switch (step) {
    case 'phone':
      return (
        <Field label="شمارهٔ موبایل">
          <input
            ref={focusRef}
            className="input ltr"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="۰۹۱۲ ۱۲۳ ۴۵۶۷"
            value={f.phone}
            onChange={(e) => f.setPhone(e.target.value)}
            required
          />
        </Field>
      );
    case 'code':
      return (
        <Field label="کد تأیید">
          <input
            ref={focusRef}
            className="input code-input ltr"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={f.code}
            onChange={(e) => f.setCode(e.target.value)}
            required
          />
        </Field>
      );
    case 'password':
      return (
        <Field label="رمز دومرحله‌ای">
          <input
            ref={focusRef}
            className="input"
            name="password"
            type="password"
            autoComplete="current-password"
            value={f.password}
            onChange={(e) => f.setPassword(e.target.value)}
            required
          />
        </Field>
      );
    case 'name':
      return (
        <Field label="نام نمایشی">
          <input
            ref={focusRef}
            className="input"
            name="displayName"
            autoComplete="name"
            dir="auto"
            value={f.name}
            onChange={(e) => f.setName(e.target.value)}
            required
            maxLength={64}
          />
        </Field>
      );
  }
}
