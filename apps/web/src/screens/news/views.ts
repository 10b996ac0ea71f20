import { useEffect, useEffectEvent, useState } from 'react';
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
  const onUpdate = useEffectEvent(update);
  // Created at once (not in an effect): ref callbacks of the first posts run before effects do.
  const [{ observer, timers, observed }] = useState(() => {
    const timers = new Map<Element, ReturnType<typeof setTimeout>>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const id = (e.target as HTMLElement).dataset.postId!;
          if (e.isIntersecting && !sent.has(id)) {
            timers.set(
              e.target,
              setTimeout(() => {
                sent.add(id);
                queue.add(id);
                flushTimer ??= setTimeout(flush, 500);
              }, 1000),
            );
          } else {
            clearTimeout(timers.get(e.target));
            timers.delete(e.target);
          }
        }
      },
      { threshold: 0.5 },
    );
    return { observer, timers, observed: new Set<HTMLElement>() };
  });
  useEffect(() => {
    onViews = (v) => onUpdate(v);
    // Observe again what the first render saw (StrictMode runs effects twice in development).
    observed.forEach((el) => observer.observe(el));
    return () => {
      observer.disconnect();
      timers.forEach(clearTimeout);
      onViews = null;
    };
  }, [observer, timers, observed]);
  return (el: HTMLElement | null) => {
    if (el && !observed.has(el)) {
      observed.add(el);
      observer.observe(el);
    }
  };
}
