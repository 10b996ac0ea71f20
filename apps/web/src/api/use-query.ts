import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { request, type Vars } from './client';
import { describeError } from './errors';

/** Loads one typed query and reloads it when its variables change. */
export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables: V, skip = false) {
  const [data, setData] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(!skip);
  const key = JSON.stringify(variables);
  const seq = useRef(0);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const r = await request(doc, ...([JSON.parse(key)] as unknown as Vars<V>));
      if (mine === seq.current) {
        setData(r);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(describeError(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [doc, key]);
  useEffect(() => {
    if (!skip) void load();
  }, [load, skip]);
  return { data, error, loading, reload: load, setData };
}
