import { FormEvent, useState } from 'react';
import { auth } from '../api/auth';
import { request } from '../api/client';
import { describeError } from '../api/errors';
import { useQuery } from '../api/use-query';
import { formatDateTime, formatPhone } from '../lib/format';
import { setMoneyUnit, useMoneyUnit } from '../lib/prefs';
import { Contacts } from './settings/Contacts';
import { Me, RevokeSession, Sessions, SetPassword, SignOut, UpdatePrivacy, UpdateProfile } from '../ops/accounts';
import { ErrorText, Field, toast, useAction } from '../ui/kit';
import { AvatarPicker } from './media/AvatarPicker';
import { Notifications } from './settings/Notifications';
import { PaymentConfirm } from './settings/PaymentConfirm';
import { ThemeChoice } from './settings/ThemeChoice';

export function Settings() {
  const me = useQuery(Me, {});
  return (
    <div className="pane-main">
      <header className="topbar">
        <h1>تنظیمات</h1>
      </header>
      <div className="page">
        <div className="page-inner">
          {me.error && <ErrorText error={me.error} />}
          {me.data && <Profile me={me.data.me} onSaved={me.reload} />}
          <Notifications />
          <Preferences showLastSeen={me.data ? me.data.me.lastSeenAt !== null : true} />
          <Contacts />
          <TwoStep />
          <PaymentConfirm />
          <SessionList />
          <section className="card stack" aria-labelledby="signout-h">
            <h2 id="signout-h" style={{ margin: 0, fontSize: 17 }}>
              خروج
            </h2>
            <button
              className="btn danger"
              onClick={() => {
                request(SignOut)
                  .catch(() => undefined)
                  .finally(() => auth.clear());
              }}
            >
              خروج از حساب در این مرورگر
            </button>
          </section>
        </div>
      </div>
    </div>
  );
}

type MeData = {
  id: string;
  displayName: string;
  username: string | null;
  bio: string | null;
  phone: string | null;
  avatar: { thumbnailUrl: string | null } | null;
};

function Profile({ me, onSaved }: { me: MeData; onSaved: () => void }) {
  const [displayName, setDisplayName] = useState(me.displayName);
  const [username, setUsername] = useState(me.username ?? '');
  const [bio, setBio] = useState(me.bio ?? '');
  const save = useAction(async () => {
    await request(UpdateProfile, { input: { displayName: displayName.trim(), username: username.trim() || null, bio: bio.trim() } });
    toast('نمایه ذخیره شد');
    onSaved();
  }, describeError);
  return (
    <section className="card stack" aria-labelledby="profile-h">
      <div className="row">
        <AvatarPicker me={me} onSaved={onSaved} />
        <div className="grow">
          <h2 id="profile-h" style={{ margin: 0, fontSize: 18 }} dir="auto">
            {me.displayName}
          </h2>
          {me.phone && (
            <div className="muted ltr" style={{ textAlign: 'end' }}>
              {formatPhone(me.phone)}
            </div>
          )}
        </div>
      </div>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save.run();
        }}
      >
        <Field label="نام نمایشی">
          <input className="input" dir="auto" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field label="نام کاربری" hint="با این نام دیگران می‌توانند شما را پیدا کنند.">
          <input
            className="input ltr"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            placeholder="username"
            autoCapitalize="off"
          />
        </Field>
        <Field label="دربارهٔ من">
          <textarea className="input" dir="auto" rows={2} value={bio} onChange={(e) => setBio(e.target.value)} />
        </Field>
        <ErrorText error={save.error} />
        <button className="btn" disabled={save.busy}>
          ذخیرهٔ نمایه
        </button>
      </form>
    </section>
  );
}

function Preferences({ showLastSeen }: { showLastSeen: boolean }) {
  const unit = useMoneyUnit();
  const [show, setShow] = useState(showLastSeen);
  // The profile arrived or was read again: it has the last word.
  const [given, setGiven] = useState(showLastSeen);
  if (given !== showLastSeen) {
    setGiven(showLastSeen);
    setShow(showLastSeen);
  }
  const privacy = useAction(async (v: boolean) => {
    await request(UpdatePrivacy, { showLastSeen: v });
    setShow(v);
  }, describeError);
  return (
    <section className="card stack" aria-labelledby="prefs-h">
      <h2 id="prefs-h" style={{ margin: 0, fontSize: 17 }}>
        حریم خصوصی و نمایش
      </h2>
      <label className="row">
        <input type="checkbox" checked={show} disabled={privacy.busy} onChange={(e) => void privacy.run(e.target.checked)} />
        <span>آخرین بازدید من را به دیگران نشان بده</span>
      </label>
      <ErrorText error={privacy.error} />
      <label className="row">
        <input type="checkbox" checked={unit === 'toman'} onChange={(e) => setMoneyUnit(e.target.checked ? 'toman' : 'rial')} />
        <span>نمایش مبلغ‌ها به تومان</span>
      </label>
      <ThemeChoice />
    </section>
  );
}

function TwoStep() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const save = useAction(async (remove: boolean) => {
    await request(SetPassword, { current: current || null, next: remove ? null : next });
    setCurrent('');
    setNext('');
    toast(remove ? 'رمز دومرحله‌ای برداشته شد' : 'رمز دومرحله‌ای ذخیره شد');
  }, describeError);
  return (
    <section className="card stack" aria-labelledby="twostep-h">
      <h2 id="twostep-h" style={{ margin: 0, fontSize: 17 }}>
        رمز دومرحله‌ای
      </h2>
      <p className="hint">با رمز دومرحله‌ای، ورود با کد پیامکی به تنهایی کافی نیست.</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(false);
        }}
      >
        <Field label="رمز فعلی (اگر دارید)">
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </Field>
        <Field label="رمز تازه">
          <input className="input" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </Field>
        <ErrorText error={save.error} />
        <div className="row">
          <button className="btn" disabled={save.busy || !next}>
            ذخیرهٔ رمز
          </button>
          <button type="button" className="btn secondary" disabled={save.busy || !current} onClick={() => void save.run(true)}>
            برداشتن رمز
          </button>
        </div>
      </form>
    </section>
  );
}

function SessionList() {
  const sessions = useQuery(Sessions, {});
  const revoke = useAction(async (id: string) => {
    await request(RevokeSession, { id });
    toast('نشست پایان یافت');
    await sessions.reload();
  }, describeError);
  return (
    <section className="card stack" aria-labelledby="sessions-h">
      <h2 id="sessions-h" style={{ margin: 0, fontSize: 17 }}>
        نشست‌های فعال
      </h2>
      <ErrorText error={sessions.error ?? revoke.error} />
      <ul className="list" aria-label="نشست‌ها">
        {sessions.data?.sessions.map((s) => (
          <li key={s.id} className="tx">
            <div className="grow">
              <div style={{ fontWeight: 600 }} dir="auto">
                {s.deviceName ?? 'دستگاه ناشناس'}
                {s.current && (
                  <span className="chip" style={{ marginInlineStart: 8 }}>
                    همین دستگاه
                  </span>
                )}
              </div>
              <div className="muted" style={{ fontSize: 13 }}>
                آخرین فعالیت: {formatDateTime(s.lastActiveAt)} · ورود: {formatDateTime(s.createdAt)}
              </div>
            </div>
            {!s.current && (
              <button
                className="btn secondary"
                disabled={revoke.busy}
                onClick={() => void revoke.run(s.id)}
                aria-label={`پایان نشست ${s.deviceName ?? ''}`}
              >
                پایان نشست
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
