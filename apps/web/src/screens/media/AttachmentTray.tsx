import { useEffect, useState } from 'react';
import type { UploadView } from '../../lib/uploader';
import { faDigits } from '../../lib/format';
import { IconButton } from '../../ui/kit';
import { formatSize } from './MediaAlbum';
import type { Attachments } from './use-attachments';

const STATES: Record<UploadView['state'], string> = {
  uploading: 'در حال بارگذاری',
  processing: 'در حال آماده‌سازی',
  done: 'آماده',
  failed: 'ناموفق',
  cancelled: 'لغو شد',
};

/** The files on their way, above the message box: a preview, a progress bar, cancel, and retry after a failure. */
export function AttachmentTray({ attachments }: { attachments: Attachments }) {
  if (!attachments.items.length) return null;
  return (
    <ul className="attachments" aria-label="پیوست‌ها">
      {attachments.items.map((item) => (
        <li key={item.key} className={`attachment ${item.state}`}>
          <Preview item={item} />
          <div className="grow">
            <bdi className="ellipsis file-name">{item.file.name || 'پیام صوتی'}</bdi>
            <div className="muted">
              {formatSize(item.file.size)} · {item.error ?? STATES[item.state]}
              {item.state === 'uploading' && ` ${faDigits(Math.floor(item.progress * 100))}٪`}
            </div>
            <progress max={1} value={item.progress} aria-label={`پیشرفت بارگذاری ${item.file.name}`} />
          </div>
          {item.state === 'failed' && <IconButton icon="send" label="تلاش دوباره" onClick={() => attachments.retry(item.key)} />}
          <IconButton
            icon="close"
            label={item.state === 'done' ? 'برداشتن پیوست' : 'لغو بارگذاری'}
            onClick={() => attachments.remove(item.key)}
          />
        </li>
      ))}
    </ul>
  );
}

function Preview({ item }: { item: UploadView }) {
  const [url] = useState(() => (item.kind === 'PHOTO' ? URL.createObjectURL(item.file) : null));
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url ? (
    <img className="attachment-preview" src={url} alt="" />
  ) : (
    <span className="attachment-preview" aria-hidden="true">
      📎
    </span>
  );
}
