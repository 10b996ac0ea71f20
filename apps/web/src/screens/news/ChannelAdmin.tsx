import { FormEvent, useState } from 'react';
import { request } from '../../api/client';
import { ApiError, describeError } from '../../api/errors';
import { feedErrorText } from '../../api/feed-errors';
import type { ChannelPageQuery } from '../../gql/graphql';
import { faDigits, formatDateTime } from '../../lib/format';
import { jalaliToIso } from '../../lib/jalali';
import { AddFeedSource, PublishPost, RefreshFeedSource, RemoveFeedSource } from '../../ops/news';
import { Icon } from '../../ui/icons';
import { ErrorText, Field, IconButton, toast, useAction } from '../../ui/kit';
import { AttachButton, dropHandlers, pasteFiles } from '../media/attach';
import { AttachmentTray } from '../media/AttachmentTray';
import { useAttachments, type Attachments } from '../media/use-attachments';
import type { Post } from './PostCard';

type Source = NonNullable<ChannelPageQuery['channel']>['feedSources'][number];

/**
 * For the channel's admins: a button that opens the post form, so that on a
 * phone the channel's posts, not an empty form, fill the first screen.
 */
export function Publish({ channelId, onPublished }: { channelId: string; onPublished: (p: Post) => void }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="btn block" onClick={() => setOpen(true)} aria-expanded={false}>
        <Icon name="edit" /> نوشتن پست تازه
      </button>
    );
  }
  return <PublishForm channelId={channelId} onPublished={onPublished} onClose={() => setOpen(false)} />;
}

/** Write a post now or for later (a Jalali date and time in Tehran), with photos, videos and files attached (an album of up to 10). */
function PublishForm({ channelId, onPublished, onClose }: { channelId: string; onPublished: (p: Post) => void; onClose: () => void }) {
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [later, setLater] = useState(false);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const attachments = useAttachments('پست');
  const uploading = attachments.items.length > 0 && !attachments.ready;
  const publish = useAction(
    async () => {
      const scheduledAt = later ? jalaliToIso(date, time) : null;
      if (later && !scheduledAt) throw new Error('date');
      const mediaIds = attachments.media.map((m) => m.id);
      const r = await request(PublishPost, {
        input: {
          channelId,
          title: title.trim() || null,
          text,
          url: url.trim() || null,
          scheduledAt,
          mediaIds: mediaIds.length ? mediaIds : null,
        },
      });
      attachments.clear();
      if (scheduledAt) toast(`پست برای ${formatDateTime(scheduledAt)} زمان‌بندی شد`);
      else onPublished(r.publishPost);
      // Closing unmounts the form: the next post starts empty.
      onClose();
    },
    (e) => (e instanceof Error && e.message === 'date' ? 'تاریخ و ساعت را مانند ۱۴۰۵/۰۹/۱۰ و ۱۸:۳۰ بنویسید.' : describeError(e)),
  );
  return (
    <section className="card" aria-labelledby="publish-h" {...dropHandlers(attachments, true)}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void publish.run();
        }}
      >
        <div className="row">
          <h2 id="publish-h" className="grow" style={{ margin: 0, fontSize: 17 }}>
            پست تازه
          </h2>
          <IconButton icon="close" label="بستن فرم پست" onClick={onClose} />
        </div>
        <Field label="عنوان (اختیاری)">
          <input className="input" dir="auto" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="متن پست">
          <textarea
            className="input"
            dir="auto"
            rows={4}
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            onPaste={(e) => pasteFiles(e, attachments, true)}
            maxLength={16384}
          />
        </Field>
        <PostAttachments attachments={attachments} />
        <Field label="پیوند (اختیاری)">
          <input className="input ltr" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <label className="row">
          <input type="checkbox" checked={later} onChange={(e) => setLater(e.target.checked)} />
          <span>انتشار در زمان دیگر</span>
        </label>
        {later && <ScheduleFields date={date} time={time} onDate={setDate} onTime={setTime} />}
        <ErrorText error={publish.error} />
        <button className="btn" disabled={publish.busy || uploading || !text.trim()}>
          {uploading ? 'در انتظار پیوست‌ها…' : later ? 'زمان‌بندی' : 'انتشار'}
        </button>
      </form>
    </section>
  );
}

/** The files going with the post: each with its progress and cancel, and the paperclip. */
function PostAttachments({ attachments }: { attachments: Attachments }) {
  return (
    <>
      <AttachmentTray attachments={attachments} />
      <div className="row">
        <AttachButton onFiles={(files) => attachments.add(files)} />
        <span className="muted grow">عکس، ویدیو یا فایل (تا ۱۰ پیوست)</span>
      </div>
    </>
  );
}

function ScheduleFields(props: { date: string; time: string; onDate: (v: string) => void; onTime: (v: string) => void }) {
  return (
    <div className="row">
      <Field label="تاریخ (شمسی)">
        <input className="input ltr" placeholder="۱۴۰۵/۰۹/۱۰" value={props.date} onChange={(e) => props.onDate(e.target.value)} />
      </Field>
      <Field label="ساعت (تهران)">
        <input className="input ltr" placeholder="۱۸:۳۰" value={props.time} onChange={(e) => props.onTime(e.target.value)} />
      </Field>
    </div>
  );
}

/** RSS/Atom feeds polled into the channel. */
export function FeedSources({ channelId, initial }: { channelId: string; initial: Source[] }) {
  const [sources, setSources] = useState(initial);
  const [url, setUrl] = useState('');
  const add = useAction(
    async () => {
      const r = await request(AddFeedSource, { channelId, url: url.trim() });
      setSources((s) => [...s, r.addFeedSource]);
      setUrl('');
    },
    (err) =>
      err instanceof ApiError && err.extensions.field === 'url' && err.extensions.reason
        ? feedErrorText(err.extensions.reason, url)
        : describeError(err),
  );
  const act = useAction(async (id: string, how: 'refresh' | 'remove') => {
    if (how === 'remove') {
      await request(RemoveFeedSource, { id });
      setSources((s) => s.filter((x) => x.id !== id));
    } else {
      const r = await request(RefreshFeedSource, { id });
      setSources((s) => s.map((x) => (x.id === id ? r.refreshFeedSource : x)));
    }
  }, describeError);
  return (
    <section className="card stack" aria-labelledby="feeds-h">
      <h2 id="feeds-h" style={{ margin: 0, fontSize: 17 }}>
        خوراک‌های RSS/Atom
      </h2>
      <ul className="list" style={{ overflow: 'visible' }} aria-label="خوراک‌ها">
        {sources.map((s) => (
          <li key={s.id} className="tx">
            <div className="grow" style={{ minWidth: 0 }}>
              <div className="ltr ellipsis" style={{ textAlign: 'end' }}>
                {s.url}
              </div>
              <div className="muted" style={{ fontSize: 13 }}>
                {faDigits(s.postCount)} پست{s.lastFetchedAt && ` · آخرین دریافت ${formatDateTime(s.lastFetchedAt)}`}
              </div>
              {s.lastError && (
                <div className="danger" style={{ fontSize: 13 }}>
                  خطا: {feedErrorText(s.lastErrorReason, s.url)}
                </div>
              )}
            </div>
            <button className="btn ghost" disabled={act.busy} onClick={() => void act.run(s.id, 'refresh')}>
              دریافت
            </button>
            <button className="btn ghost" disabled={act.busy} onClick={() => void act.run(s.id, 'remove')}>
              حذف
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void add.run();
        }}
      >
        <label className="sr-only" htmlFor="feed-url">
          نشانی خوراک
        </label>
        <input
          id="feed-url"
          className="input ltr grow"
          type="url"
          placeholder="https://example.com/feed.xml"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button className="btn" disabled={add.busy || !url.trim()}>
          افزودن
        </button>
      </form>
      <ErrorText error={add.error ?? act.error} />
    </section>
  );
}
