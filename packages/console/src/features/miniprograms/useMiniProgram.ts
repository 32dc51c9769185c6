import { useCallback, useEffect, useState } from 'react';
import { type ApiError, api, errorOf, type MiniProgram } from '../../lib/api';

/**
 * The mini program a `/apps/:id/…` page is about (`id` is the native id; `app.appid` is what
 * `/api/v1/code/{appid}/…` takes). `undefined` while loading.
 */
export function useMiniProgram(id: string) {
  const [app, setApp] = useState<MiniProgram | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const reload = useCallback(async () => {
    const { data, error: failure } = await api.GET('/api/v1/miniprograms/{id}', { params: { path: { id } } });
    if (data) setApp(data);
    else setError(errorOf(failure));
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { app, error, reload, setApp };
}
