import { FormEvent, useCallback, useEffect, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { live } from '../../api/live';
import { useQuery } from '../../api/use-query';
import type { ChannelFieldsFragment } from '../../gql/graphql';
import { faDigits } from '../../lib/format';
import { match, navigate } from '../../lib/router';
import { ChannelPostsLive, ChannelsQuery, CreateChannel, FeedQuery } from '../../ops/news';
import { Avatar, ErrorText, Field, IconButton, Modal, useAction } from '../../ui/kit';
import { ConnectionStatus } from '../chats/ChatList';
import { ChannelPage } from './ChannelPage';
import { PostList, usePosts } from './PostList';

/** The channel directory beside the feed (desktop), or one of them at a time (phone). */
export function News({ path }: { path: string }) {
  const channel = match('/news/c/:handle', path);
  const feed = path === '/news/feed';
  return (
    <>
      <Directory current={channel?.handle ?? null} feed={!channel} />
      <section className="pane-main detail" aria-label={channel ? 'کانال' : 'خبرخوان'}>
        {channel ? <ChannelPage key={channel.handle} handle={channel.handle} /> : <Feed standalone={feed} />}
      </section>
    </>
  );
}

function Directory({ current, feed }: { current: string | null; feed: boolean }) {
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(query.trim()), 250);
    return () => clearTimeout(t);
  }, [query]);
  const channels = useQuery(ChannelsQuery, { query: debounced || null, after: null });
  return (
    <section className="pane-list" aria-label="کانال‌ها">
      <header className="topbar">
        <h1 className="grow">کانال‌ها</h1>
        <IconButton icon="plus" label="ساخت کانال" onClick={() => setCreating(true)} />
      </header>
      <div className="search-box" role="search">
        <label className="sr-only" htmlFor="channel-search">
          جستجوی کانال
        </label>
        <input
          id="channel-search"
          className="input"
          type="search"
          placeholder="جستجوی کانال"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <a
        href="/news/feed"
        className="list-item"
        aria-current={feed ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate('/news/feed');
        }}
      >
        <strong className="grow">📰 خبرخوان من</strong>
      </a>
      <ErrorText error={channels.error} />
      <ul className="list" aria-label="فهرست کانال‌ها">
        {channels.data?.channels.edges.map(({ node: c }) => (
          <ChannelRow key={c.id} c={c} current={current === c.handle} />
        ))}
        {channels.data && !channels.data.channels.edges.length && <li className="empty">کانالی پیدا نشد.</li>}
      </ul>
      {creating && <CreateChannelDialog onClose={() => setCreating(false)} />}
    </section>
  );
}

function ChannelRow({ c, current }: { c: ChannelFieldsFragment; current: boolean }) {
  return (
    <li>
      <a
        href={`/news/c/${c.handle}`}
        className="list-item"
        aria-current={current ? 'true' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/news/c/${c.handle}`);
        }}
      >
        <Avatar id={c.id} name={c.title} src={c.photo?.thumbnailUrl} />
        <div className="grow">
          <div className="title ellipsis" dir="auto">
            {c.title}
          </div>
          <div className="preview ellipsis">
            {faDigits(c.subscriberCount)} مشترک · <span className="ltr">@{c.handle}</span>
            {c.subscribed && ' · عضو هستید'}
          </div>
        </div>
      </a>
    </li>
  );
}

function Feed({ standalone }: { standalone: boolean }) {
  const posts = usePosts(
    useCallback(async (after: string | null) => {
      const r = await request(FeedQuery, { after });
      return { posts: r.feed.edges.map((e) => e.node), next: r.feed.pageInfo.hasNextPage ? r.feed.pageInfo.endCursor : null };
    }, []),
  );
  const { prepend } = posts;
  useEffect(
    () =>
      live.subscribe(
        ChannelPostsLive,
        () => ({}),
        (d) => prepend(d.channelPosts),
      ),
    [prepend],
  );
  return (
    <div className="chat" style={{ background: 'var(--bg-2)' }}>
      <header className="topbar">
        {standalone && <IconButton icon="back" label="بازگشت به کانال‌ها" className="show-phone" onClick={() => navigate('/news')} />}
        <h1 className="grow">خبرخوان</h1>
      </header>
      <ConnectionStatus />
      <div className="page">
        <div className="page-inner">
          <PostList state={posts} showChannel empty="هنوز پستی نیست. در کانال‌ها عضو شوید تا پست‌هایشان این‌جا بیاید." />
        </div>
      </div>
    </div>
  );
}

function CreateChannelDialog({ onClose }: { onClose: () => void }) {
  const [handle, setHandle] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [signPosts, setSignPosts] = useState(false);
  const create = useAction(async () => {
    const r = await request(CreateChannel, {
      input: { handle: handle.trim(), title: title.trim(), description: description.trim() || null, signPosts },
    });
    onClose();
    navigate(`/news/c/${r.createChannel.handle}`);
  }, describeError);
  return (
    <Modal title="ساخت کانال" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void create.run();
        }}
      >
        <Field label="نام کانال">
          <input className="input" dir="auto" autoFocus value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="شناسهٔ کانال" hint="۵ تا ۳۲ حرف انگلیسی، رقم یا _">
          <input className="input ltr" value={handle} onChange={(e) => setHandle(e.target.value)} autoCapitalize="off" />
        </Field>
        <Field label="توضیحات">
          <textarea className="input" dir="auto" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <label className="row">
          <input type="checkbox" checked={signPosts} onChange={(e) => setSignPosts(e.target.checked)} />
          <span>امضای نویسنده زیر پست‌ها</span>
        </label>
        <ErrorText error={create.error} />
        <button className="btn" disabled={create.busy || !title.trim() || !handle.trim()}>
          ساخت کانال
        </button>
      </form>
    </Modal>
  );
}
