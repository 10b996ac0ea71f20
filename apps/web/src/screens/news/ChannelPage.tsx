import { useCallback, useEffect, useState } from 'react';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { live } from '../../api/live';
import type { ChannelPageQuery } from '../../gql/graphql';
import { faDigits } from '../../lib/format';
import { navigate } from '../../lib/router';
import { ChannelPage as ChannelPageOp, ChannelPostsLive, SearchPosts, Subscribe, Unsubscribe } from '../../ops/news';
import { Avatar, ErrorText, IconButton, useAction } from '../../ui/kit';
import { ConnectionStatus } from '../chats/ChatList';
import { FeedSources, Publish } from './ChannelAdmin';
import { PostList, usePosts } from './PostList';

type Channel = NonNullable<ChannelPageQuery['channel']>;

/** The channel and its posts (or the posts that match a search), with new posts arriving live. */
function useChannelPosts(handle: string, searching: string) {
  const [channel, setChannel] = useState<Channel | null>(null);
  const [missing, setMissing] = useState(false);
  const searchIn = searching ? channel?.id : undefined;
  const posts = usePosts(
    useCallback(
      async (after: string | null) => {
        if (searching && searchIn) {
          const r = await request(SearchPosts, { query: searching, channelId: searchIn });
          return { posts: r.searchPosts.edges.map((e) => e.node), next: null };
        }
        const r = await request(ChannelPageOp, { handle, after });
        if (!r.channel) {
          setMissing(true);
          return { posts: [], next: null };
        }
        if (!after) setChannel(r.channel);
        return {
          posts: r.channel.posts.edges.map((e) => e.node),
          next: r.channel.posts.pageInfo.hasNextPage ? r.channel.posts.pageInfo.endCursor : null,
        };
      },
      [handle, searching, searchIn],
    ),
  );
  const channelId = channel?.id;
  const { prepend } = posts;
  useEffect(
    () =>
      live.subscribe(
        ChannelPostsLive,
        () => ({}),
        (d) => {
          if (d.channelPosts.channel.id === channelId && !searching) prepend(d.channelPosts);
        },
      ),
    [channelId, searching, prepend],
  );
  return { channel, setChannel, missing, posts };
}

export function ChannelPage({ handle }: { handle: string }) {
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setSearching(query.trim()), 300);
    return () => clearTimeout(t);
  }, [query]);
  const { channel, setChannel, missing, posts } = useChannelPosts(handle, searching);
  const toggle = useAction(async () => {
    if (!channel) return;
    const r = channel.subscribed
      ? (await request(Unsubscribe, { id: channel.id })).unsubscribeChannel
      : (await request(Subscribe, { id: channel.id })).subscribeChannel;
    setChannel({ ...channel, ...r });
  }, describeError);

  return (
    <div className="chat" style={{ background: 'var(--bg-2)' }}>
      <header className="topbar">
        <IconButton icon="back" label="بازگشت به کانال‌ها" className="show-phone" onClick={() => navigate('/news')} />
        {channel && <Avatar id={channel.id} name={channel.title} src={channel.photo?.thumbnailUrl} small />}
        <div className="grow" style={{ minWidth: 0 }}>
          <h1 className="ellipsis" dir="auto">
            {channel?.title ?? (missing ? 'کانال پیدا نشد' : '…')}
          </h1>
          {channel && <div className="status-line">{faDigits(channel.subscriberCount)} مشترک</div>}
        </div>
        {channel && !channel.myRole && (
          <button className={`btn${channel.subscribed ? ' secondary' : ''}`} disabled={toggle.busy} onClick={() => void toggle.run()}>
            {channel.subscribed ? 'لغو عضویت' : 'عضویت'}
          </button>
        )}
      </header>
      <ConnectionStatus />
      <div className="page">
        <div className="page-inner">
          <ErrorText error={toggle.error} />
          {channel && <ChannelAbout channel={channel} query={query} onQuery={setQuery} />}
          {channel?.myRole && <Publish channelId={channel.id} onPublished={posts.prepend} />}
          {channel?.myRole && <FeedSources channelId={channel.id} initial={channel.feedSources} />}
          {!missing && <PostList state={posts} showChannel={false} empty={searching ? 'پستی پیدا نشد.' : 'این کانال هنوز پستی ندارد.'} />}
        </div>
      </div>
    </div>
  );
}

function ChannelAbout({ channel, query, onQuery }: { channel: Channel; query: string; onQuery: (q: string) => void }) {
  return (
    <section className="card stack" aria-label="دربارهٔ کانال">
      <div className="ltr muted" style={{ textAlign: 'end' }}>
        @{channel.handle}
      </div>
      {channel.description && (
        <p style={{ margin: 0, whiteSpace: 'pre-wrap' }} dir="auto">
          {channel.description}
        </p>
      )}
      <label className="sr-only" htmlFor="post-search">
        جستجو در پست‌های کانال
      </label>
      <input
        id="post-search"
        className="input"
        type="search"
        placeholder="جستجو در پست‌های این کانال"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
      />
    </section>
  );
}
