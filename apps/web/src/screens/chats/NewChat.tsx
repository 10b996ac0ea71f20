import { FormEvent, useEffect, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import type { UserFieldsFragment } from '../../gql/graphql';
import { navigate } from '../../lib/router';
import { SearchUsers, UserByUsername } from '../../ops/accounts';
import { CreateGroup, StartDirect } from '../../ops/messaging-mutations';
import { useChatStore } from '../../store/chat-context';
import { Avatar, ErrorText, Field, Modal, useAction } from '../../ui/kit';

/** Finds people by name or @username (Persian-normalized on the server) as the person types. */
export function useUserSearch() {
  const store = useChatStore();
  const [query, setQueryText] = useState('');
  const [users, setUsers] = useState<UserFieldsFragment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const setQuery = (text: string) => {
    setQueryText(text);
    if (!text.trim()) setUsers([]);
  };
  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    let alive = true;
    const t = setTimeout(async () => {
      try {
        const byName = await request(SearchUsers, { query: q.replace(/^@/, '') });
        let found = byName.searchUsers;
        if (/^@?[a-z][a-z0-9_]{2,31}$/i.test(q)) {
          const exact = await request(UserByUsername, { username: q.replace(/^@/, '') });
          if (exact.user && !found.some((u) => u.id === exact.user!.id)) found = [exact.user, ...found];
        }
        if (alive) {
          setUsers(found.filter((u) => u.id !== store.me));
          setError(null);
        }
      } catch (err) {
        if (alive) setError(describeError(err));
      }
    }, 250);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [query, store.me]);
  return { query, setQuery, users, error };
}

export function UserPickList({
  users,
  onPick,
  picked,
}: {
  users: UserFieldsFragment[];
  onPick: (u: UserFieldsFragment) => void;
  picked?: Set<string>;
}) {
  return (
    <ul className="list" aria-label="نتیجه‌ها">
      {users.map((u) => (
        <li key={u.id}>
          <button type="button" className="list-item" onClick={() => onPick(u)} aria-pressed={picked ? picked.has(u.id) : undefined}>
            <Avatar id={u.id} name={u.displayName} small />
            <div className="grow">
              <div className="title ellipsis" dir="auto">
                {u.displayName}
              </div>
              {u.username && (
                <div className="preview ltr" style={{ textAlign: 'end' }}>
                  @{u.username}
                </div>
              )}
            </div>
            {picked?.has(u.id) && <span className="chip">انتخاب شد</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const store = useChatStore();
  const { query, setQuery, users, error } = useUserSearch();
  const start = useAction(async (userId: string) => {
    const r = await request(StartDirect, { userId });
    store.upsertConversation(r.startDirectConversation);
    onClose();
    navigate(`/chats/${r.startDirectConversation.id}`);
  }, describeError);
  return (
    <Modal title="گفتگوی تازه" onClose={onClose}>
      <Field label="نام یا نام کاربری" hint="مثلاً @maryam یا «مریم»">
        <input className="input" dir="auto" autoFocus value={query} onChange={(e) => setQuery(e.target.value)} />
      </Field>
      <ErrorText error={error ?? start.error} />
      <UserPickList users={users} onPick={(u) => void start.run(u.id)} />
      {query.trim() && !users.length && !error && <p className="hint">کسی پیدا نشد.</p>}
    </Modal>
  );
}

export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const store = useChatStore();
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState<Map<string, UserFieldsFragment>>(new Map());
  const { query, setQuery, users, error } = useUserSearch();
  const toggle = (u: UserFieldsFragment) =>
    setMembers((m) => {
      const n = new Map(m);
      if (n.has(u.id)) n.delete(u.id);
      else n.set(u.id, u);
      return n;
    });
  const create = useAction(async () => {
    const r = await request(CreateGroup, { title: title.trim(), memberIds: [...members.keys()] });
    store.upsertConversation(r.createGroup);
    onClose();
    navigate(`/chats/${r.createGroup.id}`);
  }, describeError);
  return (
    <Modal title="گروه تازه" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void create.run();
        }}
      >
        <Field label="نام گروه">
          <input className="input" dir="auto" autoFocus value={title} onChange={(e) => setTitle(e.target.value)} required />
        </Field>
        {members.size > 0 && (
          <div className="row" style={{ flexWrap: 'wrap' }} aria-label="اعضای انتخاب‌شده">
            {[...members.values()].map((u) => (
              <button type="button" key={u.id} className="chip" onClick={() => toggle(u)} aria-label={`برداشتن ${u.displayName}`}>
                {u.displayName} ✕
              </button>
            ))}
          </div>
        )}
        <Field label="افزودن عضو">
          <input
            className="input"
            dir="auto"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="جستجوی نام یا نام کاربری"
          />
        </Field>
        <UserPickList users={users} onPick={toggle} picked={new Set(members.keys())} />
        <ErrorText error={error ?? create.error} />
        <button className="btn" disabled={create.busy || !title.trim()}>
          ساخت گروه
        </button>
      </form>
    </Modal>
  );
}
