import { useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useQuery } from '../../api/use-query';
import { navigate } from '../../lib/router';
import { StartDirect } from '../../ops/messaging-mutations';
import { ImportContacts, MyFindByPhone, SetFindByPhone } from '../../ops/reach';
import type { PhoneDiscovery } from '../../gql/graphql';
import { ErrorText, Field, useAction } from '../../ui/kit';

const CHOICES: { value: PhoneDiscovery; label: string }[] = [
  { value: 'EVERYONE' as PhoneDiscovery, label: 'همه' },
  { value: 'CONTACTS' as PhoneDiscovery, label: 'مخاطبان من' },
  { value: 'NOBODY' as PhoneDiscovery, label: 'هیچ‌کس' },
];

/** "Who can find me by my number", and finding people by theirs (an address-book entry uploaded one at a time). */
export function Contacts() {
  const me = useQuery(MyFindByPhone, {});
  const save = useAction(async (value: PhoneDiscovery) => {
    await request(SetFindByPhone, { value });
    await me.reload();
  }, describeError);
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [found, setFound] = useState<{ id: string; displayName: string }[] | null>(null);
  const find = useAction(async () => {
    const r = await request(ImportContacts, { input: { contacts: [{ phone, name: name || phone }] } });
    if (r.importContacts.skipped) throw new Error('این شماره موبایل ایرانی نیست');
    setFound(r.importContacts.contacts.flatMap((c) => (c.user ? [c.user] : [])));
  }, describeError);
  const chat = useAction(async (userId: string) => {
    const r = await request(StartDirect, { userId });
    navigate(`/chats/${r.startDirectConversation.id}`);
  }, describeError);
  return (
    <section className="card stack" aria-labelledby="contacts-h">
      <h2 id="contacts-h" style={{ margin: 0, fontSize: 17 }}>
        مخاطبان
      </h2>
      <Field label="چه کسی می‌تواند مرا با شماره‌ام پیدا کند؟">
        <select
          className="input"
          value={me.data?.me.findByPhone ?? 'EVERYONE'}
          disabled={save.busy || !me.data}
          onChange={(e) => void save.run(e.target.value as PhoneDiscovery)}
        >
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <ErrorText error={save.error} />
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void find.run();
        }}
      >
        <Field label="یافتن با شمارهٔ موبایل">
          <input
            className="input"
            dir="ltr"
            inputMode="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            placeholder="۰۹۱۲ ۱۲۳ ۴۵۶۷"
          />
        </Field>
        <Field label="نام مخاطب">
          <input className="input" dir="auto" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button className="btn secondary" disabled={find.busy || !phone.trim()}>
          جستجو
        </button>
      </form>
      <ErrorText error={find.error ?? chat.error} />
      {found && !found.length && <p className="muted">کاربری با این شماره پیدا نشد.</p>}
      {found?.map((u) => (
        <button key={u.id} className="btn" onClick={() => void chat.run(u.id)}>
          گفتگو با <bdi>{u.displayName}</bdi>
        </button>
      ))}
    </section>
  );
}
