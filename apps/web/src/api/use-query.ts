import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { request, type Vars } from './client';
import { describeError } from './errors';

interface Result<R> {
  data: R | null;
  error: string | null;
  /** The variables of the last answer: loading lasts until the answer for the current ones. */
  key: string | null;
}

/** Loads one typed query and reloads it when its variables change. */
export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables: V, skip = false) {
  const key = JSON.stringify(variables);
  const [result, setResult] = useState<Result<R>>({ data: null, error: null, key: null });
  const [reloading, setReloading] = useState(false);
  const seq = useRef(0);
  const fetch = useCallback(() => {
    const mine = ++seq.current;
    return request(doc, ...([JSON.parse(key)] as unknown as Vars<V>)).then(
      (data) => {
        if (mine !== seq.current) return;
        setResult({ data, error: null, key });
        setReloading(false);
      },
      (err) => {
        if (mine !== seq.current) return;
        setResult((r) => ({ ...r, error: describeError(err), key }));
        setReloading(false);
      },
    );
  }, [doc, key]);
  useEffect(() => {
    if (!skip) void fetch();
  }, [fetch, skip]);
  const reload = useCallback(() => {
    setReloading(true);
    return fetch();
  }, [fetch]);
  return { data: result.data, error: result.error, loading: !skip && (result.key !== key || reloading), reload };
}
