import { FormEvent, useEffect, useRef, useState } from 'react';
import { auth } from '../api/auth';
import { request } from '../api/client';
import { ApiError, describeError } from '../api/errors';
import { faDigits, formatPhone } from '../lib/format';
import { RequestCode, SignIn as SignInOp } from '../ops/accounts';
import { Icon } from '../ui/icons';
import { ErrorText, Field } from '../ui/kit';

type Step = 'phone' | 'code' | 'password' | 'name';

function deviceName(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'مرورگر';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return `وب — ${browser}${os ? ` روی ${os}` : ''}`;
}

/** Phone number → SMS code → two-step password (when set) → display name (for a new account). */
export function SignIn() {
  const [step, setStep] = useState<Step>('phone');
  const [phone, setPhone] = useState('');
  const [e164, setE164] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const focusRef = useRef<HTMLInputElement>(null);

  useEffect(() => focusRef.current?.focus(), [step]);
  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);

  async function sendCode() {
    const res = await request(RequestCode, { phone });
    setE164(res.requestLoginCode.phone);
    setWait(res.requestLoginCode.retryAfter);
    setCode('');
    setStep('code');
  }

  async function signIn() {
    try {
      const res = await request(SignInOp, {
        input: { phone: e164, code, password: password || null, deviceName: deviceName(), displayName: name.trim() || null },
      });
      const p = res.signIn;
      auth.set({
        accessToken: p.accessToken,
        accessTokenExpiresAt: p.accessTokenExpiresAt,
        refreshToken: p.refreshToken,
        userId: p.user.id,
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PASSWORD_REQUIRED') return setStep('password');
      if (err instanceof ApiError && err.code === 'BAD_USER_INPUT' && err.extensions.field === 'displayName' && step !== 'name')
        return setStep('name');
      throw err;
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (step === 'phone') await sendCode();
      else await signIn();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'RATE_LIMITED' && step === 'phone' && err.extensions.retryAfter) {
        setWait(err.extensions.retryAfter);
      }
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const titles: Record<Step, [string, string]> = {
    phone: ['ورود به سوپراپ', 'شمارهٔ موبایل خود را وارد کنید تا کد ورود برایتان پیامک شود.'],
    code: ['کد تأیید', `کد ۵ رقمی پیامک‌شده به ${formatPhone(e164)} را وارد کنید.`],
    password: ['رمز دومرحله‌ای', 'این حساب رمز دومرحله‌ای دارد. رمز را وارد کنید.'],
    name: ['ساخت حساب', 'به سوپراپ خوش آمدید! نامی که دیگران می‌بینند را بنویسید.'],
  };

  return (
    <main className="auth">
      <form className="card" onSubmit={submit} noValidate>
        <div className="logo">
          <Icon name="logo" />
        </div>
        <h1 id="auth-title">{titles[step][0]}</h1>
        <p className="muted">{titles[step][1]}</p>
        {step === 'phone' && (
          <Field label="شمارهٔ موبایل">
            <input
              ref={focusRef}
              className="input ltr"
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="۰۹۱۲ ۱۲۳ ۴۵۶۷"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              required
            />
          </Field>
        )}
        {step === 'code' && (
          <Field label="کد تأیید">
            <input
              ref={focusRef}
              className="input code-input ltr"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={5}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
            />
          </Field>
        )}
        {step === 'password' && (
          <Field label="رمز دومرحله‌ای">
            <input
              ref={focusRef}
              className="input"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </Field>
        )}
        {step === 'name' && (
          <Field label="نام نمایشی">
            <input
              ref={focusRef}
              className="input"
              name="displayName"
              autoComplete="name"
              dir="auto"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={64}
            />
          </Field>
        )}
        <ErrorText error={error} />
        <button className="btn block" type="submit" disabled={busy}>
          {busy ? 'لطفاً صبر کنید…' : step === 'phone' ? 'ارسال کد' : step === 'name' ? 'ساخت حساب' : 'ورود'}
        </button>
        {step !== 'phone' && (
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <button
              type="button"
              className="btn ghost"
              onClick={() => {
                setStep('phone');
                setError(null);
                setPassword('');
              }}
            >
              تغییر شماره
            </button>
            {step === 'code' && (
              <button
                type="button"
                className="btn ghost"
                disabled={wait > 0 || busy}
                onClick={() => {
                  setBusy(true);
                  setError(null);
                  sendCode()
                    .catch((e) => setError(describeError(e)))
                    .finally(() => setBusy(false));
                }}
              >
                {wait > 0 ? `ارسال دوباره (${faDigits(wait)})` : 'ارسال دوبارهٔ کد'}
              </button>
            )}
          </div>
        )}
      </form>
    </main>
  );
}
