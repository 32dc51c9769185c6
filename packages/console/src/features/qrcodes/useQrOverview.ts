import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';

export type Env = 'develop' | 'trial' | 'release';
export type Overview = {
  pages: Record<Env, string[] | null>;
  codes: { used: number; limit: number };
};

/** The pages of each version of the app and its counted codes (`GET /api/v1/qrcodes/{appid}`). */
export function useQrOverview(appid: string | undefined) {
  const [overview, setOverview] = useState<Overview | undefined>();
  const reload = useCallback(async () => {
    if (!appid) return;
    const { data } = await api.GET('/api/v1/qrcodes/{appid}', { params: { path: { appid } } });
    if (data) setOverview(data);
  }, [appid]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { overview, setOverview, reload };
}

/** Saves text as a file the browser downloads. */
export function download(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
