import { FormEvent, useEffect, useState } from 'react';
import { useChatStore } from '../../store/chat-context';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useQuery } from '../../api/use-query';
import type { Conv, Msg } from '../../store/chat-types';
import { formatLastSeen, formatListTime, formatMoney, parseAmount } from '../../lib/format';
import { newId } from '../../lib/ids';
import { useMoneyUnit } from '../../lib/prefs';
import { navigate } from '../../lib/router';
import type { MessageFieldsFragment } from '../../gql/graphql';
import {
  AddMembers,
  ConversationMembers,
  DeleteMessage,
  LeaveConversation,
  RemoveMember,
  SearchMessages,
  SetMuted,
} from '../../ops/messaging';
import { TransferMoney } from '../../ops/payments';
import { Avatar, ErrorText, Field, Modal, toast, useAction } from '../../ui/kit';
import { UserPickList, useUserSearch } from './NewChat';
import { previewOf } from './preview';

const ROLE: Record<string, string> = { OWNER: 'مالک', ADMIN: 'مدیر', MEMBER: 'عضو' };

export function GroupInfo({ conv, onClose }: { conv: Conv; onClose: () => void }) {
  const store = useChatStore();
  const members = useQuery(ConversationMembers, { id: conv.id, after: null });
  const [query, setQuery] = useState('');
  const { users } = useUserSearch(query);
  const admin = conv.myRole === 'OWNER' || conv.myRole === 'ADMIN';
  const act = useAction(async (fn: () => Promise<Conv | null>) => {
    const c = await fn();
    if (c) store.upsertConversation(c);
    await members.reload();
  }, describeError);
  const edges = members.data?.conversation?.members.edges ?? [];
  return (
    <Modal title={conv.kind === 'GROUP' ? 'اطلاعات گروه' : 'اطلاعات گفتگو'} onClose={onClose}>
      <div className="row">
        <Avatar id={conv.id} name={conv.title} />
        <div className="grow">
          <div className="title" dir="auto" style={{ fontWeight: 700 }}>
            {conv.title}
          </div>
          <div className="muted">{conv.memberCount.toLocaleString('fa-IR')} عضو</div>
        </div>
      </div>
      <label className="row">
        <input
          type="checkbox"
          checked={conv.muted}
          onChange={(e) => void act.run(async () => (await request(SetMuted, { id: conv.id, muted: e.target.checked })).setMuted)}
        />
        <span>بی‌صدا</span>
      </label>
      <ErrorText error={members.error ?? act.error} />
      <h3 className="section-title" style={{ padding: 0 }}>
        اعضا
      </h3>
      <ul className="list" aria-label="اعضا">
        {edges.map(({ node: m }) => (
          <li key={m.user.id} className="list-item" style={{ cursor: 'default' }}>
            <Avatar id={m.user.id} name={m.user.displayName} small />
            <div className="grow">
              <div className="title ellipsis" dir="auto">
                {m.user.displayName}
                {m.user.id === store.me && ' (شما)'}
              </div>
              <div className="preview">
                {ROLE[m.role]} · {formatLastSeen(m.user.lastSeenAt)}
              </div>
            </div>
            {admin && conv.kind === 'GROUP' && m.user.id !== store.me && m.role !== 'OWNER' && (
              <button
                className="btn ghost"
                disabled={act.busy}
                aria-label={`حذف ${m.user.displayName} از گروه`}
                onClick={() => void act.run(async () => (await request(RemoveMember, { id: conv.id, userId: m.user.id })).removeMember)}
              >
                حذف
              </button>
            )}
          </li>
        ))}
      </ul>
      {admin && conv.kind === 'GROUP' && (
        <>
          <Field label="افزودن عضو">
            <input
              className="input"
              dir="auto"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="جستجوی نام یا نام کاربری"
            />
          </Field>
          <UserPickList
            users={users.filter((u) => !edges.some((e) => e.node.user.id === u.id))}
            onPick={(u) => {
              setQuery('');
              void act.run(async () => (await request(AddMembers, { id: conv.id, userIds: [u.id] })).addMembers);
            }}
          />
        </>
      )}
      {conv.kind === 'GROUP' && (
        <button
          className="btn danger"
          onClick={() =>
            void act.run(async () => {
              await request(LeaveConversation, { id: conv.id });
              store.convs.delete(conv.id);
              store.emit();
              onClose();
              navigate('/chats');
              return null;
            })
          }
        >
          ترک گروه
        </button>
      )}
    </Modal>
  );
}

export function SendMoneyDialog({ conv, to, onClose }: { conv: Conv; to: { id: string; displayName: string }; onClose: () => void }) {
  const unit = useMoneyUnit();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  // One key per attempt to send this transfer: a retry after a lost answer moves no money twice.
  const [key] = useState(newId);
  const rials = parseAmount(amount, unit);
  const send = useAction(
    async () => {
      if (!rials) throw new Error('amount');
      await request(TransferMoney, {
        input: { toUserId: to.id, amount: rials, idempotencyKey: key, note: note.trim() || null, conversationId: conv.id },
      });
      toast('پول فرستاده شد');
      onClose();
    },
    (e) => (e instanceof Error && e.message === 'amount' ? 'مبلغ را وارد کنید.' : describeError(e)),
  );
  return (
    <Modal title={`ارسال پول به ${to.displayName}`} onClose={onClose}>
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
        <Field label="یادداشت (اختیاری)">
          <input className="input" dir="auto" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
        </Field>
        <ErrorText error={send.error} />
        <button className="btn" disabled={send.busy || !rials}>
          {send.busy ? 'در حال ارسال…' : 'ارسال پول'}
        </button>
      </form>
    </Modal>
  );
}

export function DeleteDialog({ m, canForAll, onClose }: { m: Msg; canForAll: boolean; onClose: () => void }) {
  const store = useChatStore();
  const del = useAction(async (forEveryone: boolean) => {
    await request(DeleteMessage, { id: m.id, forEveryone });
    if (forEveryone) store.putMessage({ ...m, text: null, deletedAt: new Date().toISOString(), reactions: [] });
    else {
      store.threads.get(m.conversationId)?.bySeq.delete(m.seq);
      store.emit();
    }
    onClose();
  }, describeError);
  return (
    <Modal title="حذف پیام" onClose={onClose}>
      <p className="ellipsis" dir="auto">
        {previewOf(m)}
      </p>
      <ErrorText error={del.error} />
      {canForAll && (
        <button className="btn danger" disabled={del.busy} onClick={() => void del.run(true)}>
          حذف برای همه
        </button>
      )}
      <button className="btn secondary" disabled={del.busy} onClick={() => void del.run(false)}>
        حذف فقط برای من
      </button>
    </Modal>
  );
}

export function InChatSearch({ conv, onJump, onClose }: { conv: Conv; onJump: (seq: number) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<MessageFieldsFragment[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults([]);
      return;
    }
    let alive = true;
    const t = setTimeout(() => {
      request(SearchMessages, { query: q, conversationId: conv.id, after: null }).then(
        (r) => alive && (setResults(r.searchMessages.edges.map((e) => e.node)), setError(null)),
        (err) => alive && setError(describeError(err)),
      );
    }, 250);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [query, conv.id]);
  return (
    <Modal title={`جستجو در ${conv.title}`} onClose={onClose}>
      <Field label="عبارت جستجو">
        <input className="input" dir="auto" type="search" autoFocus value={query} onChange={(e) => setQuery(e.target.value)} />
      </Field>
      <ErrorText error={error} />
      <ul className="list" aria-label="نتیجه‌ها">
        {results.map((m) => (
          <li key={m.id}>
            <button
              className="list-item"
              onClick={() => {
                onJump(m.seq);
                onClose();
              }}
            >
              <div className="grow">
                <div className="row">
                  <span className="title grow" dir="auto">
                    {m.sender?.displayName}
                  </span>
                  <time className="time">{formatListTime(m.createdAt)}</time>
                </div>
                <div className="preview" dir="auto">
                  {previewOf(m)}
                </div>
              </div>
            </button>
          </li>
        ))}
        {query.trim() && !results.length && !error && <li className="hint">پیامی پیدا نشد.</li>}
      </ul>
    </Modal>
  );
}
