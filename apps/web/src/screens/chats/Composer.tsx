import { KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useChatStore } from '../../store/chat-context';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import type { Msg } from '../../store/chat-types';
import { EditMessage, SetTyping } from '../../ops/messaging';
import { IconButton, toast } from '../../ui/kit';
import { previewOf } from './preview';

const TYPING_EVERY_MS = 4000;

/** The message box: send (optimistic, through the outbox), reply, edit; tells others we are typing. */
export function Composer(props: {
  conversationId: string;
  replyTo: Msg | null;
  editing: Msg | null;
  onDone: () => void;
  onMoney?: () => void;
}) {
  const store = useChatStore();
  const { conversationId, replyTo, editing } = props;
  const [text, setText] = useState('');
  const lastTyping = useRef(0);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (editing) setText(editing.text ?? '');
    if (editing || replyTo) box.current?.focus();
  }, [editing, replyTo]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  const onChange = (v: string) => {
    setText(v);
    const now = Date.now();
    if (v.trim() && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      request(SetTyping, { id: conversationId }).catch(() => undefined);
    }
  };

  const submit = async () => {
    const t = text.trim();
    if (!t) return;
    if (editing) {
      try {
        const r = await request(EditMessage, { id: editing.id, text: t });
        store.putMessage(r.editMessage);
      } catch (err) {
        toast(describeError(err));
        return;
      }
    } else {
      store.outbox.send(conversationId, t, replyTo);
    }
    setText('');
    lastTyping.current = 0;
    props.onDone();
    box.current?.focus();
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
    if (e.key === 'Escape' && (editing || replyTo)) {
      setText(editing ? '' : text);
      props.onDone();
    }
  };

  const context = editing ?? replyTo;
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {context && (
        <div className="context">
          <div className="grow">
            <div style={{ fontWeight: 700, color: 'var(--primary-dark)' }}>
              {editing ? 'ویرایش پیام' : `پاسخ به ${replyTo?.sender?.displayName ?? ''}`}
            </div>
            <div className="ellipsis muted" dir="auto">
              {previewOf(context)}
            </div>
          </div>
          <IconButton
            icon="close"
            label={editing ? 'لغو ویرایش' : 'لغو پاسخ'}
            onClick={() => {
              if (editing) setText('');
              props.onDone();
            }}
          />
        </div>
      )}
      <div className="composer-row">
        {props.onMoney && !editing && <IconButton icon="money" label="ارسال پول" onClick={props.onMoney} />}
        <label className="sr-only" htmlFor="composer-text">
          متن پیام
        </label>
        <textarea
          id="composer-text"
          ref={box}
          rows={1}
          dir="auto"
          placeholder="پیام…"
          value={text}
          maxLength={4096}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKey}
        />
        <IconButton
          icon={editing ? 'check' : 'send'}
          label={editing ? 'ذخیرهٔ ویرایش' : 'ارسال'}
          type="submit"
          className="send-btn"
          disabled={!text.trim()}
        />
      </div>
    </form>
  );
}
