import { useState } from 'react';
import type { MediaFieldsFragment } from '../../gql/graphql';
import { faDigits } from '../../lib/format';
import { Icon } from '../../ui/icons';
import { Modal } from '../../ui/kit';
import { Blurhash } from './Blurhash';
import { VoicePlayer } from './VoicePlayer';

type Media = MediaFieldsFragment;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${faDigits(bytes)} بایت`;
  if (bytes < 1024 * 1024) return `${faDigits((bytes / 1024).toFixed(1))} کیلوبایت`;
  return `${faDigits((bytes / 1024 / 1024).toFixed(1))} مگابایت`;
}

/** A message's or post's media: photos and videos as a grid (an album), then voice notes, audio and file cards. */
export function MediaAlbum({ media }: { media: Media[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const visual = media.filter((m) => m.kind === 'PHOTO' || m.kind === 'VIDEO');
  const rest = media.filter((m) => m.kind !== 'PHOTO' && m.kind !== 'VIDEO');
  if (!media.length) return null;
  return (
    <div className="media">
      {visual.length > 0 && (
        <div className={`album n${Math.min(visual.length, 4)}`}>
          {visual.map((m, i) =>
            m.kind === 'VIDEO' ? (
              <video
                key={m.id}
                className="tile"
                src={m.url}
                poster={m.thumbnailUrl ?? undefined}
                controls
                preload="metadata"
                aria-label="ویدیو"
              />
            ) : (
              <button key={m.id} type="button" className="tile" onClick={() => setOpen(i)} aria-label={`عکس ${faDigits(i + 1)}`}>
                {m.blurhash && <Blurhash hash={m.blurhash} />}
                <img src={m.thumbnailUrl ?? m.url} alt="" loading="lazy" width={m.width ?? undefined} height={m.height ?? undefined} />
              </button>
            ),
          )}
        </div>
      )}
      {rest.map((m) =>
        m.kind === 'VOICE' ? (
          <VoicePlayer key={m.id} media={m} />
        ) : m.kind === 'AUDIO' ? (
          <audio key={m.id} src={m.url} controls preload="none" aria-label={m.fileName ?? 'صدا'} />
        ) : (
          <FileCard key={m.id} media={m} />
        ),
      )}
      {open !== null && <PhotoViewer photos={visual} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />}
    </div>
  );
}

function FileCard({ media }: { media: Media }) {
  return (
    <a className="file-card" href={media.url} download={media.fileName ?? true} aria-label={`دریافت ${media.fileName ?? 'فایل'}`}>
      <Icon name="file" />
      <span className="grow">
        <bdi className="ellipsis file-name">{media.fileName ?? 'فایل'}</bdi>
        <span className="muted">{formatSize(media.size)}</span>
      </span>
      <Icon name="download" />
    </a>
  );
}

/** The photo at full size, with the album's others a step away. */
function PhotoViewer(props: { photos: Media[]; index: number; onIndex: (i: number) => void; onClose: () => void }) {
  const { photos, index } = props;
  const photo = photos[index];
  return (
    <Modal title={`عکس ${faDigits(index + 1)} از ${faDigits(photos.length)}`} onClose={props.onClose}>
      <div className="viewer">
        {photo.kind === 'PHOTO' ? (
          <img src={photo.url} alt="" />
        ) : (
          <video src={photo.url} poster={photo.thumbnailUrl ?? undefined} controls autoPlay />
        )}
        {photos.length > 1 && (
          <div className="viewer-nav">
            <button type="button" disabled={index === 0} onClick={() => props.onIndex(index - 1)}>
              قبلی
            </button>
            <button type="button" disabled={index === photos.length - 1} onClick={() => props.onIndex(index + 1)}>
              بعدی
            </button>
          </div>
        )}
      </div>
    </Modal>
  );
}
