import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaFieldsFragment, MediaKind } from '../../gql/graphql';
import { kindOf, Upload, type UploadView } from '../../lib/uploader';
import { toast } from '../../ui/kit';

/** The most media one message carries (the contract's album). */
export const MAX_ATTACHMENTS = 10;

/** Files being attached to the next message or post: each uploads at once, with its own progress, cancel and retry. */
export function useAttachments(what: 'پیام' | 'پست' = 'پیام') {
  const [items, setItems] = useState<UploadView[]>([]);
  const uploads = useRef(new Map<string, Upload>());

  useEffect(() => {
    const all = uploads.current;
    return () => all.forEach((u) => u.cancel());
  }, []);

  const remove = useCallback((key: string) => {
    uploads.current.get(key)?.cancel();
    uploads.current.delete(key);
    setItems((prev) => prev.filter((x) => x.key !== key));
  }, []);

  /** onDone: the upload leaves the tray once finished and is handed over (a voice note sends itself). */
  const add = useCallback(
    (files: File[], kind?: MediaKind, durationSeconds?: number, onDone?: (media: MediaFieldsFragment) => void) => {
      const room = MAX_ATTACHMENTS - uploads.current.size;
      if (files.length > room) toast(`هر ${what} حداکثر ${MAX_ATTACHMENTS.toLocaleString('fa-IR')} پیوست دارد.`);
      for (const file of files.slice(0, Math.max(0, room))) {
        const u = new Upload(
          file,
          kind ?? kindOf(file),
          (v) => {
            if (onDone && v.state === 'done' && v.media) {
              remove(v.key);
              onDone(v.media);
            } else setItems((prev) => prev.map((x) => (x.key === v.key ? v : x)));
          },
          durationSeconds,
        );
        uploads.current.set(u.key, u);
        setItems((prev) => [...prev, u.current]);
        u.start();
      }
    },
    [remove, what],
  );

  const retry = useCallback((key: string) => uploads.current.get(key)?.retry(), []);

  const clear = useCallback(() => {
    uploads.current.clear();
    setItems([]);
  }, []);

  return {
    items,
    add,
    remove,
    retry,
    clear,
    /** Every attachment is uploaded and checked: the message can go. */
    ready: items.length > 0 && items.every((i) => i.state === 'done'),
    media: items.flatMap((i) => (i.media ? [i.media] : [])),
  };
}

export type Attachments = ReturnType<typeof useAttachments>;
