import { useRef, useState } from 'react';
import { request } from '../../api/client';
import { Upload } from '../../lib/uploader';
import { faDigits } from '../../lib/format';
import { SetAvatar } from '../../ops/media';
import { Avatar, toast } from '../../ui/kit';

/** The viewer's avatar, with a button to upload a new photo (progress while it goes) and one to remove it. */
export function AvatarPicker(props: {
  me: { id: string; displayName: string; avatar: { thumbnailUrl: string | null } | null };
  onSaved: () => void;
}) {
  const { me, onSaved } = props;
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const set = async (id: string | null) => {
    await request(SetAvatar, { id });
    onSaved();
  };
  const pick = (file: File) => {
    const u = new Upload(file, 'PHOTO', (v) => {
      setProgress(v.state === 'uploading' ? v.progress : null);
      if (v.state === 'failed') toast(v.error ?? 'بارگذاری ناموفق بود.');
      if (v.state === 'done' && v.media) set(v.media.id).catch(() => toast('عکس نمایه ذخیره نشد.'));
    });
    u.start();
  };
  return (
    <div className="stack" style={{ alignItems: 'center', gap: 4 }}>
      <Avatar id={me.id} name={me.displayName} src={me.avatar?.thumbnailUrl} />
      {progress !== null && <span className="muted">{faDigits(Math.round(progress * 100))}٪</span>}
      <button type="button" className="btn ghost" onClick={() => input.current?.click()}>
        عکس نمایه
      </button>
      {me.avatar && (
        <button type="button" className="btn ghost" onClick={() => void set(null)}>
          حذف عکس
        </button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/gif"
        hidden
        aria-label="انتخاب عکس نمایه"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) pick(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}
