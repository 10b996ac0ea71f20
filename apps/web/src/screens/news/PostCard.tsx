import { useState } from 'react';
import { MediaAlbum } from '../media/MediaAlbum';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import type { PostFieldsFragment } from '../../gql/graphql';
import { faDigits, formatDateTime } from '../../lib/format';
import { newId } from '../../lib/ids';
import { navigate } from '../../lib/router';
import { DeletePost, EditPost, ReactToPost, SharePost } from '../../ops/news';
import { useChatStore } from '../../store/chat-context';
import { Icon } from '../../ui/icons';
import { Linkified } from '../../ui/Linkified';
import { ErrorText, Field, IconButton, Modal, toast, useAction } from '../../ui/kit';
import { ConversationPicker } from '../chats/Pickers';
import { REACTIONS } from '../chats/MessageBubble';

export type Post = PostFieldsFragment;

export function PostCard({
  post,
  showChannel,
  observe,
  onChange,
  onDelete,
}: {
  post: Post;
  showChannel: boolean;
  observe: (el: HTMLElement | null) => void;
  onChange: (p: Post) => void;
  onDelete: (id: string) => void;
}) {
  const store = useChatStore();
  const [dialog, setDialog] = useState<'share' | 'edit' | 'react' | 'delete' | null>(null);
  const admin = !!post.channel.myRole;
  const react = (emoji: string | null) => {
    request(ReactToPost, { id: post.id, emoji }).then(
      (r) => onChange({ ...post, reactions: r.reactToPost.reactions }),
      (e) => toast(describeError(e)),
    );
  };
  const mine = post.reactions.find((r) => r.reactedByMe)?.emoji ?? null;
  return (
    <article className="card post" data-post-id={post.id} ref={observe} aria-labelledby={`post-${post.id}`}>
      <PostBody post={post} showChannel={showChannel} />
      <div className="reactions">
        {post.reactions.map((r) => (
          <button
            key={r.emoji}
            className="reaction"
            aria-pressed={r.reactedByMe}
            aria-label={`${r.emoji} ${faDigits(r.count)}`}
            onClick={() => react(r.reactedByMe ? null : r.emoji)}
          >
            {r.emoji} {faDigits(r.count)}
          </button>
        ))}
      </div>
      <div className="post-footer">
        <span className="row" style={{ gap: 4 }}>
          <Icon name="eye" className="flip" />
          <span aria-label={`${faDigits(post.views)} بازدید`}>{faDigits(post.views)}</span>
        </span>
        <time dateTime={post.publishedAt}>{formatDateTime(post.publishedAt)}</time>
        {post.editedAt && <span>ویرایش‌شده</span>}
        <span className="grow" />
        {dialog === 'react' ? (
          <ReactionPicker
            mine={mine}
            onPick={(e) => {
              setDialog(null);
              react(mine === e ? null : e);
            }}
          />
        ) : (
          <IconButton icon="smile" label="واکنش به پست" onClick={() => setDialog('react')} />
        )}
        <IconButton icon="share" label="هم‌رسانی در گفتگو" onClick={() => setDialog('share')} />
        {admin && <IconButton icon="edit" label="ویرایش پست" onClick={() => setDialog('edit')} />}
        {admin && <IconButton icon="trash" label="حذف پست" onClick={() => setDialog('delete')} />}
      </div>
      {dialog === 'share' && (
        <ConversationPicker
          title="هم‌رسانی پست در…"
          onClose={() => setDialog(null)}
          onPick={async (to) => {
            const r = await request(SharePost, { id: post.id, to, clientId: newId() });
            store.putMessage(r.sharePost);
            toast('پست در گفتگو هم‌رسانی شد');
          }}
        />
      )}
      {dialog === 'delete' && <DeletePostDialog post={post} onClose={() => setDialog(null)} onDeleted={onDelete} />}
      {dialog === 'edit' && <EditPostDialog post={post} onClose={() => setDialog(null)} onSaved={onChange} />}
    </article>
  );
}

/** The channel (in the feed), the title or a name for screen readers, the text, the link and the signature. */
function PostBody({ post, showChannel }: { post: Post; showChannel: boolean }) {
  return (
    <>
      {showChannel && (
        <a
          className="pill-link row"
          href={`/news/c/${post.channel.handle}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/news/c/${post.channel.handle}`);
          }}
        >
          <Icon name="news" className="muted" />
          <strong dir="auto">{post.channel.title}</strong>
        </a>
      )}
      {post.title ? (
        <h3 className="post-title" id={`post-${post.id}`} dir="auto">
          {post.title}
        </h3>
      ) : (
        <span id={`post-${post.id}`} className="sr-only">
          پست {post.channel.title}
        </span>
      )}
      {post.media.length > 0 && <MediaAlbum media={post.media} />}
      <p className="post-text" dir="auto">
        <Linkified text={post.text} />
      </p>
      {post.url && (
        <a href={post.url} target="_blank" rel="noopener noreferrer" className="ltr ellipsis" style={{ display: 'block' }}>
          {post.url}
        </a>
      )}
      {post.signature && (
        <div className="muted" dir="auto">
          — {post.signature}
        </div>
      )}
    </>
  );
}

function ReactionPicker({ mine, onPick }: { mine: string | null; onPick: (emoji: string) => void }) {
  return (
    <span className="emoji-pop" role="group" aria-label="واکنش">
      {REACTIONS.map((e) => (
        <button key={e} aria-label={`واکنش ${e}`} aria-pressed={mine === e} onClick={() => onPick(e)}>
          {e}
        </button>
      ))}
    </span>
  );
}

function DeletePostDialog({ post, onClose, onDeleted }: { post: Post; onClose: () => void; onDeleted: (id: string) => void }) {
  return (
    <Modal title="حذف پست" onClose={onClose}>
      <p dir="auto" style={{ margin: 0 }}>
        {post.title ?? post.text.slice(0, 120)}
      </p>
      <p className="hint">پست برای همهٔ خوانندگان حذف می‌شود.</p>
      <button
        className="btn danger"
        onClick={() => {
          onClose();
          request(DeletePost, { id: post.id }).then(
            () => onDeleted(post.id),
            (e) => toast(describeError(e)),
          );
        }}
      >
        حذف پست
      </button>
    </Modal>
  );
}

function EditPostDialog({ post, onClose, onSaved }: { post: Post; onClose: () => void; onSaved: (p: Post) => void }) {
  const [title, setTitle] = useState(post.title ?? '');
  const [text, setText] = useState(post.text);
  const [url, setUrl] = useState(post.url ?? '');
  const save = useAction(async () => {
    const r = await request(EditPost, { id: post.id, input: { title: title.trim() || null, text, url: url.trim() || null } });
    onSaved(r.editPost);
    onClose();
  }, describeError);
  return (
    <Modal title="ویرایش پست" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run();
        }}
      >
        <Field label="عنوان">
          <input className="input" dir="auto" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="متن">
          <textarea className="input" dir="auto" rows={6} value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        <Field label="پیوند">
          <input className="input ltr" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <ErrorText error={save.error} />
        <button className="btn" disabled={save.busy || !text.trim()}>
          ذخیره
        </button>
      </form>
    </Modal>
  );
}
