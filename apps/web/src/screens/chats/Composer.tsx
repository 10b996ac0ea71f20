import { KeyboardEvent, RefObject, useEffect, useRef, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { EditMessage, SetTyping } from '../../ops/messaging-mutations';
import { useChatStore } from '../../store/chat-context';
import type { Msg } from '../../store/chat-types';
import { IconButton, toast } from '../../ui/kit';
import type { MediaFieldsFragment } from '../../gql/graphql';
import { AttachButton, dropHandlers, pasteFiles } from '../media/attach';
import { AttachmentTray } from '../media/AttachmentTray';
import { SendOrRecord } from './ComposerMedia';
import { EmojiPicker } from './EmojiPicker';
import { previewOf } from './preview';
import { useAttachments } from '../media/use-attachments';
import type { Mention } from '../../store/outbox';
import { Mentionable, MentionPicker, useMentions } from './MentionPicker';

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
  /** Ask for money, or split a bill, in this conversation. */
  onChatMoney?: (kind: 'request' | 'split') => void;
}) {
  const { conversationId, replyTo, editing, onDone } = props;
  const [text, setText] = useDraft(editing);
  const box = useAutoHeightBox(text);
  const typing = useTypingSignal(conversationId);
  const send = useSend(conversationId, replyTo, editing);
  const attachments = useAttachments();
  const mentions = useMentions(text, setText, box, props.members && !editing ? props.members : []);

  useBoxFocus(box, conversationId, editing ?? replyTo);

  const submit = async () => {
    const t = text.trim();
    if (attachments.items.length && !attachments.ready) return toast('پیوست‌ها هنوز بارگذاری می‌شوند.');
    if ((!t && !attachments.media.length) || !(await send(t, editing ? [] : attachments.media, mentions.entities(t)))) return;
    attachments.clear();
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

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      {...dropHandlers(attachments, !editing)}
    >
      <ComposerContext replyTo={replyTo} editing={editing} onCancel={cancel} />
      <AttachmentTray attachments={attachments} />
      {mentions.query !== null && <MentionPicker members={props.members!} query={mentions.query} onPick={mentions.pick} />}
      <div className="composer-row">
        {!editing && <MoneyButtons onMoney={props.onMoney} onChatMoney={props.onChatMoney} />}
        {!editing && <AttachButton onFiles={(files) => attachments.add(files)} />}
        <EmojiToggle
          onPick={(e) => {
            setText((t) => insertAtCursor(box.current, t, e));
            typing.typed(e);
          }}
        />
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
          onKeyDown={(e) => onBoxKey(e, () => void submit(), editing || replyTo ? cancel : null)}
          onPaste={(e) => pasteFiles(e, attachments, !editing)}
        />
        <SendOrRecord editing={!!editing} empty={!text.trim()} attachments={attachments} onSend={send} />
      </div>
    </form>
  );
}

/** The message box's element; it grows with its text up to a limit. */
function useAutoHeightBox(text: string) {
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);
  return box;
}

/** Money from the composer: send (direct chats), ask for money, split a bill. */
function MoneyButtons({ onMoney, onChatMoney }: { onMoney?: () => void; onChatMoney?: (kind: 'request' | 'split') => void }) {
  return (
    <>
      {onMoney && <IconButton icon="money" label="ارسال پول" onClick={onMoney} />}
      {onChatMoney && <IconButton icon="wallet" label="درخواست پول" onClick={() => onChatMoney('request')} />}
      {onChatMoney && <IconButton icon="bill" label="تقسیم قبض" onClick={() => onChatMoney('split')} />}
    </>
  );
}

/** Enter sends (Shift+Enter is a new line, and nothing while an input method composes); Escape drops the reply or edit. */
function onBoxKey(e: KeyboardEvent<HTMLTextAreaElement>, submit: () => void, cancel: (() => void) | null) {
  if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
    e.preventDefault();
    submit();
  }
  if (e.key === 'Escape' && cancel) cancel();
}

/** Focus on opening a chat (as in every messenger) and on choosing a message to answer or edit. */
function useBoxFocus(box: RefObject<HTMLTextAreaElement | null>, conversationId: string, context: Msg | null) {
  useEffect(() => {
    if (context) box.current?.focus();
  }, [box, context]);
  useEffect(() => box.current?.focus(), [box, conversationId]);
}

/** The emoji button, and the picker above the box while it is open. */
function EmojiToggle({ onPick }: { onPick: (emoji: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <IconButton icon="smile" label="شکلک" pressed={open} onClick={() => setOpen((v) => !v)} />
      {open && <EmojiPicker onPick={onPick} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The text with `insert` where the cursor is (or at the end), the cursor then after it. */
function insertAtCursor(box: HTMLTextAreaElement | null, text: string, insert: string): string {
  const at = box && document.activeElement === box ? box.selectionStart : text.length;
  const end = box && document.activeElement === box ? box.selectionEnd : text.length;
  return text.slice(0, at) + insert + text.slice(end);
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
  return async (text: string, media: MediaFieldsFragment[] = [], entities: Mention[] = []): Promise<boolean> => {
    if (!editing) {
      store.outbox.send(conversationId, text, replyTo, media, entities);
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
