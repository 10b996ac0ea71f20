import { useRef, type ClipboardEvent, type DragEvent } from 'react';
import type { MediaFieldsFragment } from '../../gql/graphql';
import { IconButton } from '../../ui/kit';
import type { Attachments } from './use-attachments';
import { VoiceRecorder } from './VoiceRecorder';

/** The paperclip: a hidden file input, any number of files. */
export function AttachButton({ onFiles }: { onFiles: (files: File[]) => void }) {
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
export function dropHandlers(attachments: Attachments, enabled: boolean) {
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
export function pasteFiles(e: ClipboardEvent, attachments: Attachments, enabled: boolean) {
  if (!enabled || !e.clipboardData.files.length) return;
  e.preventDefault();
  attachments.add([...e.clipboardData.files]);
}

/**
 * Send, or with nothing typed or attached the microphone (a recorded voice
 * note goes on its own as soon as it is uploaded, as in Telegram).
 */
export function SendOrRecord(props: {
  editing: boolean;
  empty: boolean;
  attachments: Attachments;
  onSend: (text: string, media: MediaFieldsFragment[]) => unknown;
}) {
  const { editing, empty, attachments, onSend } = props;
  if (!editing && empty && !attachments.items.length) {
    return <VoiceRecorder onRecorded={(file, seconds) => attachments.add([file], 'VOICE', seconds, (media) => void onSend('', [media]))} />;
  }
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
