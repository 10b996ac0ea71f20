import { KeyboardEvent, useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import type { MediaFieldsFragment } from '../../gql/graphql';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { EditMessage, SetTyping } from '../../ops/messaging-mutations';
import { useChatStore } from '../../store/chat-context';
import type { Msg } from '../../store/chat-types';
import { IconButton, toast } from '../../ui/kit';
import { AttachmentTray } from './AttachmentTray';
import { previewOf } from './preview';
import { useAttachments, type Attachments } from './use-attachments';
import { VoiceRecorder } from './VoiceRecorder';

const TYPING_EVERY_MS = 4000;

/** The message box: send (optimistic, through the outbox), reply, edit; tells others we are typing. */
export function Composer(props: {
  conversationId: string;
  replyTo: Msg | null;
  editing: Msg | null;
  onDone: () => void;
  onMoney?: () => void;
}) {
  const { conversationId, replyTo, editing, onDone } = props;
  const [text, setText] = useDraft(editing);
  const typing = useTypingSignal(conversationId);
  const send = useSend(conversationId, replyTo, editing);
  const attachments = useAttachments();
  const box = useGrowingBox(text, editing || replyTo);

  const submit = async () => {
    const t = text.trim();
    const media = editing ? [] : attachments.media;
    if (attachments.items.length && !attachments.ready) return toast('پیوست‌ها هنوز بارگذاری می‌شوند.');
    if ((!t && !media.length) || !(await send(t, media))) return;
    attachments.clear();
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
      {...dropHandlers(attachments, !editing)}
    >
      <ComposerContext replyTo={replyTo} editing={editing} onCancel={cancel} />
      <AttachmentTray attachments={attachments} />
      <div className="composer-row">
        {props.onMoney && !editing && <IconButton icon="money" label="ارسال پول" onClick={props.onMoney} />}
        {!editing && <AttachButton onFiles={(files) => attachments.add(files)} />}
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
            typing.typed(e.target.value);
          }}
          onKeyDown={onKey}
          onPaste={(e) => pasteFiles(e, attachments, !editing)}
        />
        <SendOrRecord
          editing={!!editing}
          empty={!text.trim()}
          attachments={attachments}
          onVoice={(file, seconds) => attachments.add([file], 'VOICE', seconds, (media) => void send('', [media]))}
        />
      </div>
    </form>
  );
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
  return async (text: string, media: MediaFieldsFragment[] = []): Promise<boolean> => {
    if (!editing) {
      store.outbox.send(conversationId, text, replyTo, media);
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

/** The message box: focused when replying or editing, growing with its text up to a limit. */
function useGrowingBox(text: string, context: unknown) {
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

/**
 * Send, or with nothing typed or attached the microphone (a recorded voice
 * note goes on its own as soon as it is uploaded, as in Telegram).
 */
function SendOrRecord(props: {
  editing: boolean;
  empty: boolean;
  attachments: Attachments;
  onVoice: (file: File, seconds: number) => void;
}) {
  const { editing, empty, attachments } = props;
  if (!editing && empty && !attachments.items.length) return <VoiceRecorder onRecorded={props.onVoice} />;
  return (
    <IconButton
      icon={editing ? 'check' : 'send'}
      label={editing ? 'ذخیرهٔ ویرایش' : 'ارسال'}
      type="submit"
      className="send-btn"
      disabled={attachments.items.length ? !attachments.ready : empty}
    />
  );
}

/** The paperclip: a hidden file input, any number of files. */
function AttachButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <IconButton icon="attach" label="پیوست فایل" onClick={() => input.current?.click()} />
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="انتخاب فایل"
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </>
  );
}

/** Files dropped on the composer are attached. */
function dropHandlers(attachments: Attachments, enabled: boolean) {
  if (!enabled) return {};
  return {
    onDragOver: (e: DragEvent) => {
      if (e.dataTransfer.types.includes('Files')) e.preventDefault();
    },
    onDrop: (e: DragEvent) => {
      if (!e.dataTransfer.files.length) return;
      e.preventDefault();
      attachments.add([...e.dataTransfer.files]);
    },
  };
}

/** Pasted files (a screenshot, a copied photo) are attached; pasted text stays text. */
function pasteFiles(e: ClipboardEvent, attachments: Attachments, enabled: boolean) {
  if (!enabled || !e.clipboardData.files.length) return;
  e.preventDefault();
  attachments.add([...e.clipboardData.files]);
}
