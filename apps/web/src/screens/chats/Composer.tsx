import { KeyboardEvent, RefObject, useEffect, useRef, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { EditMessage, SetTyping } from '../../ops/messaging-mutations';
import { useChatStore } from '../../store/chat-context';
import type { Msg } from '../../store/chat-types';
import { IconButton, toast } from '../../ui/kit';
import { previewOf } from './preview';
import { Mentionable, MentionPicker, mentionQuery, Picked, pickedEntities } from './MentionPicker';

const TYPING_EVERY_MS = 4000;

/** The message box: send (optimistic, through the outbox), reply, edit; tells others we are typing. */
export function Composer(props: {
  conversationId: string;
  replyTo: Msg | null;
  editing: Msg | null;
  onDone: () => void;
  onMoney?: () => void;
  /** Members to mention (groups); empty for none. */
  members?: Mentionable[];
}) {
  const { conversationId, replyTo, editing, onDone } = props;
  const [text, setText] = useDraft(editing);
  const box = useBox(text, editing ?? replyTo);
  const mentions = useMentions(text, setText, box, props.members && !editing ? props.members : []);
  const typing = useTypingSignal(conversationId);
  const send = useSend(conversationId, replyTo, editing);

  const submit = async () => {
    const t = text.trim();
    if (!t || !(await send(t, mentions.entities(t)))) return;
    mentions.reset();
    setText('');
    typing.reset();
    onDone();
    box.current?.focus();
  };
  const cancel = () => {
    if (editing) setText('');
    onDone();
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
    if (e.key === 'Escape' && (editing || replyTo)) cancel();
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ComposerContext replyTo={replyTo} editing={editing} onCancel={cancel} />
      {mentions.query !== null && <MentionPicker members={props.members!} query={mentions.query} onPick={mentions.pick} />}
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
          onChange={(e) => {
            setText(e.target.value);
            mentions.setCaret(e.target.selectionStart ?? e.target.value.length);
            typing.typed(e.target.value);
          }}
          onSelect={(e) => mentions.setCaret(e.currentTarget.selectionStart ?? 0)}
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

/** The @name being typed (query), choosing a member for it, and the names chosen, as entities when sent. */
function useMentions(text: string, setText: (t: string) => void, box: RefObject<HTMLTextAreaElement | null>, members: Mentionable[]) {
  const [caret, setCaret] = useState(0);
  const [picked, setPicked] = useState<Picked[]>([]);
  const mention = members.length ? mentionQuery(text, caret) : null;
  const pick = (m: Mentionable) => {
    if (!mention) return;
    const name = m.username ? `@${m.username}` : m.displayName;
    if (!m.username) setPicked((p) => [...p, { name, userId: m.id }]);
    setText(`${text.slice(0, mention.start)}${name} ${text.slice(caret)}`);
    const at = mention.start + name.length + 1;
    setCaret(at);
    requestAnimationFrame(() => box.current?.setSelectionRange(at, at));
    box.current?.focus();
  };
  return {
    query: mention?.query ?? null,
    pick,
    setCaret,
    entities: (sent: string) => pickedEntities(sent, picked),
    reset: () => setPicked([]),
  };
}

/** Focus when a reply or an edit starts; the box grows with its text up to a limit. */
function useBox(text: string, context: Msg | null) {
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (context) box.current?.focus();
  }, [box, context]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [box, text]);
  return box;
}

/** The text in the box; choosing a message to edit replaces it with that message's text. */
function useDraft(editing: Msg | null) {
  const [text, setText] = useState(editing?.text ?? '');
  const [edited, setEdited] = useState(editing);
  if (edited !== editing) {
    setEdited(editing);
    if (editing) setText(editing.text ?? '');
  }
  return [text, setText] as const;
}

/** Sends a new message through the outbox, or saves an edit; false when the edit was refused. */
function useSend(conversationId: string, replyTo: Msg | null, editing: Msg | null) {
  const store = useChatStore();
  return async (text: string, entities: { offset: number; length: number; userId: string }[] = []): Promise<boolean> => {
    if (!editing) {
      store.outbox.send(conversationId, text, replyTo, entities);
      return true;
    }
    try {
      const r = await request(EditMessage, { id: editing.id, text });
      store.putMessage(r.editMessage);
      return true;
    } catch (err) {
      toast(describeError(err));
      return false;
    }
  };
}

/** The message being answered or edited, above the box. */
function ComposerContext({ replyTo, editing, onCancel }: { replyTo: Msg | null; editing: Msg | null; onCancel: () => void }) {
  const context = editing ?? replyTo;
  if (!context) return null;
  return (
    <div className="context">
      <div className="grow">
        <div style={{ fontWeight: 700, color: 'var(--primary-dark)' }}>
          {editing ? 'ویرایش پیام' : `پاسخ به ${replyTo?.sender?.displayName ?? ''}`}
        </div>
        <div className="ellipsis muted" dir="auto">
          {previewOf(context)}
        </div>
      </div>
      <IconButton icon="close" label={editing ? 'لغو ویرایش' : 'لغو پاسخ'} onClick={onCancel} />
    </div>
  );
}

/** Tells the conversation we are typing, at most once every few seconds. */
function useTypingSignal(conversationId: string) {
  const last = useRef(0);
  return {
    typed(text: string) {
      const now = Date.now();
      if (text.trim() && now - last.current > TYPING_EVERY_MS) {
        last.current = now;
        request(SetTyping, { id: conversationId }).catch(() => undefined);
      }
    },
    /** The message went: the next keystroke is news again. */
    reset() {
      last.current = 0;
    },
  };
}
