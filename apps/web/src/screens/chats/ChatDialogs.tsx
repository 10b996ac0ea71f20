import { FormEvent, useEffect, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import type { MessageFieldsFragment } from '../../gql/graphql';
import { formatListTime, formatMoney, parseAmount } from '../../lib/format';
import { newId } from '../../lib/ids';
import { needsPassword, useMoneyUnit, usePasswordAbove } from '../../lib/prefs';
import { SearchMessages } from '../../ops/messaging';
import { DeleteMessage } from '../../ops/messaging-mutations';
import { TransferMoney } from '../../ops/payments';
import { useChatStore } from '../../store/chat-context';
import type { Conv, Msg } from '../../store/chat-types';
import { ConfirmSheet, confirmPassword, describeConfirmError } from '../../ui/ConfirmSheet';
import { ErrorText, Field, Modal, toast, useAction } from '../../ui/kit';
import { previewOf } from './preview';

export function SendMoneyDialog({ conv, to, onClose }: { conv: Conv; to: { id: string; displayName: string }; onClose: () => void }) {
  const unit = useMoneyUnit();
  const above = usePasswordAbove();
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  // One key per attempt to send this transfer: a retry after a lost answer moves no money twice.
  const [key] = useState(newId);
  const rials = parseAmount(amount, unit);
  const send = useAction(async (password: string | null) => {
    await confirmPassword(password);
    await request(TransferMoney, {
      input: { toUserId: to.id, amount: rials!, idempotencyKey: key, note: note.trim() || null, conversationId: conv.id },
    });
    toast('پول فرستاده شد');
    onClose();
  }, describeConfirmError);
  return (
    <Modal title={`ارسال پول به ${to.displayName}`} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (rials) setConfirming(true);
        }}
      >
        <Field label={`مبلغ (${unit === 'toman' ? 'تومان' : 'ریال'})`} hint={rials ? formatMoney(rials, unit) : 'رقم فارسی یا انگلیسی'}>
          <input className="input ltr" inputMode="numeric" autoFocus value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <Field label="یادداشت (اختیاری)">
          <input className="input" dir="auto" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
        </Field>
        <button className="btn" disabled={!rials}>
          ادامه
        </button>
      </form>
      {confirming && rials && (
        <ConfirmSheet
          title="تأیید انتقال پول"
          amount={rials}
          rows={[
            { label: 'به', value: <bdi>{to.displayName}</bdi> },
            { label: 'از', value: 'کیف پول شما' },
            ...(note.trim() ? [{ label: 'یادداشت', value: <bdi>{note.trim()}</bdi> }] : []),
          ]}
          confirmLabel="تأیید و ارسال"
          busy={send.busy}
          error={send.error}
          askPassword={needsPassword(rials, above)}
          onConfirm={(password) => void send.run(password)}
          onCancel={() => {
            send.setError(null);
            setConfirming(false);
          }}
        />
      )}
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
    if (!q) return;
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
        <input
          className="input"
          dir="auto"
          type="search"
          autoFocus
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            if (!e.target.value.trim()) setResults([]);
          }}
        />
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
