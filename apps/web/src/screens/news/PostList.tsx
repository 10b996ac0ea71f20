import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../ui/kit';
import { PostCard, type Post } from './PostCard';
import { useViewCounter } from './views';

type Loader = (after: string | null) => Promise<{ posts: Post[]; next: string | null }>;

/** A newest-first list of posts: pages, live additions, local edits and view counts. */
export function usePosts(load: Loader, deps: unknown[]) {
  const [posts, setPosts] = useState<Post[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const loader = useRef(load);
  loader.current = load;
  const page = useCallback(async (after: string | null) => {
    setLoading(true);
    try {
      const r = await loader.current(after);
      setPosts((p) => {
        const base = after ? p : [];
        const have = new Set(base.map((x) => x.id));
        return [...base, ...r.posts.filter((x) => !have.has(x.id))];
      });
      setNext(r.next);
      setError(null);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void page(null);
  }, deps); // eslint-disable-line
  return {
    posts,
    next,
    loading,
    error,
    more: () => next && page(next),
    reload: () => page(null),
    prepend: (p: Post) => setPosts((list) => (list.some((x) => x.id === p.id) ? list : [p, ...list])),
    replace: (p: Post) => setPosts((list) => list.map((x) => (x.id === p.id ? p : x))),
    remove: (id: string) => setPosts((list) => list.filter((x) => x.id !== id)),
    views: (v: Map<string, number>) => setPosts((list) => list.map((x) => (v.has(x.id) ? { ...x, views: v.get(x.id)! } : x))),
  };
}

export function PostList({ state, showChannel, empty }: { state: ReturnType<typeof usePosts>; showChannel: boolean; empty: string }) {
  const observe = useViewCounter(state.views);
  return (
    <div className="stack">
      <ErrorText error={state.error} />
      {state.posts.map((p) => (
        <PostCard key={p.id} post={p} showChannel={showChannel} observe={observe} onChange={state.replace} onDelete={state.remove} />
      ))}
      {!state.loading && !state.posts.length && !state.error && <p className="empty">{empty}</p>}
      {state.loading && <p className="empty">در حال بارگذاری…</p>}
      {state.next && !state.loading && (
        <button className="btn secondary" onClick={() => void state.more()}>
          پست‌های قدیمی‌تر
        </button>
      )}
    </div>
  );
}
