import { useEffect, useRef, useState } from 'react';
import { request } from '../../api/client';
import { ViewPosts } from '../../ops/news';

/**
 * Counts a view when at least half of a post has been on screen for a
 * second. The ids are sent in batches; the server counts each user once per
 * post however often it hears of it, so a lost or repeated batch is harmless.
 */
const sent = new Set<string>();
const queue = new Set<string>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let onViews: ((views: Map<string, number>) => void) | null = null;

function flush() {
  flushTimer = undefined;
  const ids = [...queue];
  queue.clear();
  if (!ids.length) return;
  request(ViewPosts, { ids }).then(
    (r) => onViews?.(new Map(r.viewPosts.map((p) => [p.id, p.views]))),
    () => ids.forEach((id) => sent.delete(id)),
  );
}

export function useViewCounter(update: (views: Map<string, number>) => void) {
  const ref = useRef(update);
  ref.current = update;
  const timers = useRef(new Map<Element, ReturnType<typeof setTimeout>>());
  const observed = useRef(new Set<HTMLElement>());
  // Created at once (not in an effect): ref callbacks of the first posts run before effects do.
  const [observer] = useState(
    () =>
      new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            const id = (e.target as HTMLElement).dataset.postId!;
            if (e.isIntersecting && !sent.has(id)) {
              timers.current.set(
                e.target,
                setTimeout(() => {
                  sent.add(id);
                  queue.add(id);
                  flushTimer ??= setTimeout(flush, 500);
                }, 1000),
              );
            } else {
              clearTimeout(timers.current.get(e.target));
              timers.current.delete(e.target);
            }
          }
        },
        { threshold: 0.5 },
      ),
  );
  useEffect(() => {
    onViews = (v) => ref.current(v);
    const t = timers.current;
    // Observe again what the first render saw (StrictMode runs effects twice in development).
    observed.current.forEach((el) => observer.observe(el));
    return () => {
      observer.disconnect();
      t.forEach(clearTimeout);
      onViews = null;
    };
  }, [observer]);
  return (el: HTMLElement | null) => {
    if (el && !observed.current.has(el)) {
      observed.current.add(el);
      observer.observe(el);
    }
  };
}
