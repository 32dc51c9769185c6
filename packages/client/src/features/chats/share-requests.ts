import type { HostServices, SharePayload } from '@wharf/runtime/host';
import { api } from '../../lib/api';

/** A mini program asked to share (its menu or `button open-type="share"`): null when its page does not share. */
export interface ShareRequest {
  appid: string;
  share: SharePayload | null;
}

const listeners = new Set<(request: ShareRequest) => void>();

/** Hands a share to the chat picker (the container calls this; the picker listens). */
export function requestShare(request: ShareRequest): void {
  for (const listener of listeners) listener(request);
}

export function onShareRequest(listener: (request: ShareRequest) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `onShareAppMessage` through the picker, and `wx.getShareInfo` resolved by the server (openGId sealed with the session key). */
export function shareServices(): Pick<HostServices, 'share' | 'getShareInfo'> {
  return {
    async share({ appid }, share) {
      requestShare({ appid, share });
    },
    async getShareInfo({ appid }, { shareTicket }) {
      const { data, error } = await api.POST('/api/v1/client/miniprograms/{appid}/share-info', {
        params: { path: { appid } },
        body: { shareTicket },
      });
      if (!data)
        throw new Error((error as { error?: { message?: string } })?.error?.message ?? 'invalid shareTicket');
      return data;
    },
  };
}
