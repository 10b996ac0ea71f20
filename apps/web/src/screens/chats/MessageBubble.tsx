import { useState } from 'react';
import { faDigits, formatMoney, formatTime, type MoneyUnit } from '../../lib/format';
import { navigate } from '../../lib/router';
import type { Msg } from '../../store/chat-types';
import type { Pending } from '../../store/outbox';
import { Icon } from '../../ui/icons';
import { Avatar, IconButton } from '../../ui/kit';
import { BillSplitCard, MoneyRequestCard } from './ChatMoneyCards';
import { Linkified } from '../../ui/Linkified';
import { MediaAlbum } from '../media/MediaAlbum';
import { BILL_TYPES, previewOf } from './preview';
import { Digits } from '../../ui/Digits';

export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

export interface BubbleActions {
  reply(m: Msg): void;
  edit(m: Msg): void;
  forward(m: Msg): void;
  remove(m: Msg): void;
  react(m: Msg, emoji: string | null): void;
  jump(seq: number): void;
}

function Special({ m, unit }: { m: Msg; unit: MoneyUnit }) {
  if (m.kind === 'MONEY_REQUEST' && m.moneyRequest) return <MoneyRequestCard m={m} r={m.moneyRequest} unit={unit} />;
  if (m.kind === 'BILL_SPLIT' && m.billSplit) return <BillSplitCard m={m} s={m.billSplit} unit={unit} />;
  if (m.kind === 'PAYMENT' && m.payment) {
    return (
      <div className="special" aria-label="انتقال پول">
        <div className="muted">💸 انتقال وجه</div>
        <div className="amount">{formatMoney(m.payment.amount, unit)}</div>
        <div dir="auto">
          از {m.payment.from.displayName} به {m.payment.to.displayName}
        </div>
        {m.payment.note && <div dir="auto">«{m.payment.note}»</div>}
        <div className="muted">
          کد پیگیری: <Digits value={m.payment.trackingCode} />
        </div>
      </div>
    );
  }
  if (m.kind === 'BILL_PAYMENT' && m.billPayment) {
    const b = m.billPayment;
    return (
      <div className="special" aria-label="رسید پرداخت قبض">
        <div className="muted">🧾 رسید پرداخت قبض {BILL_TYPES[b.type]}</div>
        <div className="amount">{formatMoney(b.amount, unit)}</div>
        <div className="muted">
          شناسهٔ قبض: <Digits value={b.billId} />
        </div>
        <div className="muted">
          کد پیگیری: <Digits value={b.trackingCode} />
        </div>
      </div>
    );
  }
  if (m.kind === 'POST_SHARE' && m.post) {
    const p = m.post;
    return (
      <a
        className="special pill-link"
        href={`/news/c/${p.channel.handle}`}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/news/c/${p.channel.handle}`);
        }}
      >
        <div className="muted">📰 {p.channel.title}</div>
        {p.title && (
          <div style={{ fontWeight: 700 }} dir="auto">
            {p.title}
          </div>
        )}
        <div dir="auto">{p.text.length > 220 ? `${p.text.slice(0, 220)}…` : p.text}</div>
      </a>
    );
  }
  return null;
}

export function MessageBubble(props: {
  m: Msg;
  mine: boolean;
  showSender: boolean;
  read: boolean;
  canDeleteForAll: boolean;
  highlight: boolean;
  unit: MoneyUnit;
  actions: BubbleActions;
}) {
  const { m, mine, actions, unit } = props;
  if (m.kind === 'SYSTEM') {
    return (
      <div className="msg system" id={`m-${m.seq}`}>
        <div className="bubble" dir="auto">
          {m.text}
        </div>
      </div>
    );
  }
  const deleted = !!m.deletedAt;
  return (
    <div className={`msg${mine ? ' out' : ''}${props.highlight ? ' highlight' : ''}`} id={`m-${m.seq}`} data-seq={m.seq} tabIndex={0}>
      {props.showSender && !mine && m.sender && <Avatar id={m.sender.id} name={m.sender.displayName} small />}
      <div className={`bubble${deleted ? ' deleted' : ''}`}>
        {props.showSender && !mine && m.sender && (
          <div className="sender" dir="auto">
            {m.sender.displayName}
          </div>
        )}
        {m.forwardedFrom && (
          <div className="fwd" dir="auto">
            بازارسال از {m.forwardedFrom.displayName}
          </div>
        )}
        {m.replyTo && <Quote original={m.replyTo} onClick={() => actions.jump(m.replyTo!.seq)} />}
        {!deleted && <Special m={m} unit={unit} />}
        {!deleted && m.media.length > 0 && <MediaAlbum media={m.media} />}
        {deleted ? (
          <div className="text">این پیام حذف شد</div>
        ) : (
          m.text &&
          (m.kind === 'TEXT' || !(m.payment || m.billPayment || m.post || m.moneyRequest || m.billSplit)) && (
            <div className="text" dir="auto">
              <Linkified text={m.text} />
            </div>
          )
        )}
        {m.reactions.length > 0 && (
          <div className="reactions">
            {m.reactions.map((r) => (
              <button
                key={r.emoji}
                type="button"
                className="reaction"
                aria-pressed={r.reactedByMe}
                aria-label={`${r.emoji} ${faDigits(r.count)}`}
                onClick={() => actions.react(m, r.reactedByMe ? null : r.emoji)}
              >
                {r.emoji} {r.count.toLocaleString('fa-IR')}
              </button>
            ))}
          </div>
        )}
        <Meta m={m} mine={mine} read={props.read} deleted={deleted} />
      </div>
      {!deleted && <Tools m={m} mine={mine} canDeleteForAll={props.canDeleteForAll} actions={actions} />}
    </div>
  );
}

/** The message this one answers; a click shows it. */
function Quote({ original, onClick }: { original: NonNullable<Msg['replyTo']>; onClick: () => void }) {
  return (
    <button type="button" className="quote" style={{ display: 'block', width: '100%', textAlign: 'start', border: 0 }} onClick={onClick}>
      <div style={{ fontWeight: 700 }} dir="auto">
        {original.sender?.displayName ?? ''}
      </div>
      <div className="ellipsis" dir="auto">
        {previewOf(original)}
      </div>
    </button>
  );
}

/** Edited, the time, and for one's own messages whether the other side has read it. */
function Meta({ m, mine, read, deleted }: { m: Msg; mine: boolean; read: boolean; deleted: boolean }) {
  return (
    <div className="meta">
      {m.editedAt && !deleted && <span>ویرایش‌شده</span>}
      <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
      {mine &&
        (read ? (
          <span className="read" role="img" aria-label="خوانده شد">
            <Icon name="checks" />
          </span>
        ) : (
          <span role="img" aria-label="ارسال شد">
            <Icon name="check" />
          </span>
        ))}
    </div>
  );
}

/** React, reply, forward, edit, delete: shown beside the bubble. */
function Tools({ m, mine, canDeleteForAll, actions }: { m: Msg; mine: boolean; canDeleteForAll: boolean; actions: BubbleActions }) {
  const [picking, setPicking] = useState(false);
  const mineReaction = m.reactions.find((r) => r.reactedByMe)?.emoji ?? null;
  return (
    <div className="msg-actions">
      {picking ? (
        <div className="emoji-pop" role="group" aria-label="واکنش">
          {REACTIONS.map((e) => (
            <button
              key={e}
              type="button"
              aria-label={`واکنش ${e}`}
              aria-pressed={mineReaction === e}
              onClick={() => {
                setPicking(false);
                actions.react(m, mineReaction === e ? null : e);
              }}
            >
              {e}
            </button>
          ))}
        </div>
      ) : (
        <>
          <IconButton icon="smile" label="واکنش" onClick={() => setPicking(true)} />
          <IconButton icon="reply" label="پاسخ" onClick={() => actions.reply(m)} />
          <IconButton icon="forward" label="بازارسال" onClick={() => actions.forward(m)} />
          {mine && m.kind === 'TEXT' && <IconButton icon="edit" label="ویرایش" onClick={() => actions.edit(m)} />}
          {(mine || canDeleteForAll) && <IconButton icon="trash" label="حذف" onClick={() => actions.remove(m)} />}
        </>
      )}
    </div>
  );
}

export function PendingBubble({ p, onRetry, onDiscard }: { p: Pending; onRetry: () => void; onDiscard: () => void }) {
  return (
    <div className={`msg out${p.status === 'failed' ? ' failed' : ''}`} data-pending={p.clientId}>
      <div className="bubble">
        {p.replyTo && (
          <div className="quote">
            <div className="ellipsis" dir="auto">
              {p.replyTo.sender}: {p.replyTo.text}
            </div>
          </div>
        )}
        {p.media?.length ? <MediaAlbum media={p.media} /> : null}
        {p.text && (
          <div className="text" dir="auto">
            <Linkified text={p.text} />
          </div>
        )}
        <div className="meta">
          <time dateTime={p.createdAt}>{formatTime(p.createdAt)}</time>
          {p.status === 'sending' ? (
            <span role="img" aria-label="در حال ارسال">
              <Icon name="clock" />
            </span>
          ) : (
            <span className="danger" role="img" aria-label="ارسال نشد">
              <Icon name="alert" />
            </span>
          )}
        </div>
        {p.status === 'failed' && (
          <div className="row" style={{ fontSize: 13 }}>
            <span className="danger grow">{p.error}</span>
            <button type="button" className="btn ghost" onClick={onRetry}>
              تلاش دوباره
            </button>
            <button type="button" className="btn ghost" onClick={onDiscard}>
              حذف
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
