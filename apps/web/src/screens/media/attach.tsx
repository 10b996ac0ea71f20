import { useRef, type ClipboardEvent, type DragEvent } from 'react';
import { IconButton } from '../../ui/kit';
import type { Attachments } from './use-attachments';

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
