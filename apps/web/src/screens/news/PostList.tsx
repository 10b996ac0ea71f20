import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../../api/errors';
import { ErrorText } from '../../ui/kit';
import { PostCard, type Post } from './PostCard';
import { useViewCounter } from './views';

export type Loader = (after: string | null) => Promise<{ posts: Post[]; next: string | null }>;

interface Posts {
  posts: Post[];
  next: string | null;
  error: string | null;
  /** The loader of the first page shown: a new one (the caller's inputs changed) loads again. */
  loader: Loader | null;
}

/**
 * A newest-first list of posts: pages, live additions, local edits and view
 * counts. `load` should come from useCallback: the list starts over whenever it
 * changes.
 */
export function usePosts(load: Loader) {
  const [state, setState] = useState<Posts>({ posts: [], next: null, error: null, loader: null });
  const [paging, setPaging] = useState(false);
  const page = useCallback(
    (after: string | null) =>
      load(after)
        .then(
          (r) =>
            setState((s) => {
              const base = after ? s.posts : [];
              const have = new Set(base.map((x) => x.id));
              return { posts: [...base, ...r.posts.filter((x) => !have.has(x.id))], next: r.next, error: null, loader: load };
            }),
          (err) => setState((s) => ({ ...s, error: describeError(err), loader: load })),
        )
        .finally(() => setPaging(false)),
    [load],
  );
  useEffect(() => {
    void page(null);
  }, [page]);
  const edit = useCallback((f: (posts: Post[]) => Post[]) => setState((s) => ({ ...s, posts: f(s.posts) })), []);
  const prepend = useCallback((p: Post) => edit((list) => (list.some((x) => x.id === p.id) ? list : [p, ...list])), [edit]);
  const replace = useCallback((p: Post) => edit((list) => list.map((x) => (x.id === p.id ? p : x))), [edit]);
  const remove = useCallback((id: string) => edit((list) => list.filter((x) => x.id !== id)), [edit]);
  const views = useCallback(
    (v: Map<string, number>) => edit((list) => list.map((x) => (v.has(x.id) ? { ...x, views: v.get(x.id)! } : x))),
    [edit],
  );
  const more = () => {
    if (!state.next) return;
    setPaging(true);
    void page(state.next);
  };
  const { posts, next, error } = state;
  return { posts, next, error, loading: state.loader !== load || paging, more, prepend, replace, remove, views };
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
        <button className="btn secondary" onClick={state.more}>
          پست‌های قدیمی‌تر
        </button>
      )}
    </div>
  );
}
