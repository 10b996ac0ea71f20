import { FormEvent, useEffect, useState } from 'react';
import { auth } from '../api/auth';
import { request } from '../api/client';
import { ApiError, describeError } from '../api/errors';
import { toAsciiDigits } from '../lib/format';
import { RequestCode, SignIn as SignInOp } from '../ops/accounts';

export type Step = 'phone' | 'code' | 'password' | 'name';

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

/** Signs in (the tokens go to `auth`), or answers the step the server asks for first. */
async function signIn(step: Step, input: { phone: string; code: string; password: string; name: string }): Promise<Step | null> {
  try {
    const res = await request(SignInOp, {
      input: {
        phone: input.phone,
        code: input.code,
        password: input.password || null,
        deviceName: deviceName(),
        displayName: input.name.trim() || null,
      },
    });
    const p = res.signIn;
    await auth.signedIn(p.refreshToken);
    return null;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'PASSWORD_REQUIRED') return 'password';
    if (err instanceof ApiError && err.code === 'BAD_USER_INPUT' && err.extensions.field === 'displayName' && step !== 'name')
      return 'name';
    throw err;
  }
}

/** What was typed or pasted in the code box: the 5-digit code of a whole pasted SMS, else its digits (at most 5). */
export function codeFrom(value: string): string {
  const ascii = toAsciiDigits(value);
  const whole = /(?<!\d)\d{5}(?!\d)/.exec(ascii);
  return whole ? whole[0] : ascii.replace(/\D/g, '').slice(0, 5);
}

/** Seconds left before another code may be asked for, counting down. */
function useCountdown() {
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);
  return [wait, setWait] as const;
}

/** Phone number → SMS code → two-step password (when set) → display name (for a new account). */
export function useSignIn() {
  const [step, setStep] = useState<Step>('phone');
  const [phone, setPhone] = useState('');
  const [e164, setE164] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [wait, setWait] = useCountdown();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function sendCode() {
    const res = await request(RequestCode, { phone });
    setE164(res.requestLoginCode.phone);
    setWait(res.requestLoginCode.retryAfter);
    setCode('');
    setStep('code');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(code);
  }

  async function run(typedCode: string) {
    setBusy(true);
    setError(null);
    try {
      if (step === 'phone') await sendCode();
      else {
        const next = await signIn(step, { phone: e164, code: typedCode, password, name });
        if (next) setStep(next);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'RATE_LIMITED' && step === 'phone' && err.extensions.retryAfter) {
        setWait(err.extensions.retryAfter);
      }
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const resend = () => {
    setBusy(true);
    setError(null);
    sendCode()
      .catch((e) => setError(describeError(e)))
      .finally(() => setBusy(false));
  };
  const changeNumber = () => {
    setStep('phone');
    setError(null);
    setPassword('');
  };

  /** The fifth digit (or a pasted SMS) signs in at once, as messengers do. */
  const enterCode = (value: string) => {
    const c = codeFrom(value);
    setCode(c);
    if (c.length === 5 && c !== code && step === 'code' && !busy) void run(c);
  };
  const fields = { phone, setPhone, code, setCode: enterCode, password, setPassword, name, setName };
  return { step, e164, fields, wait, busy, error, submit, resend, changeNumber };
}
