import type { HostServices } from '@wharf/runtime/host';
import { api, errorOf } from '../../lib/api';

/**
 * `<official-account>` in a mini program: the server names the account linked to it (and follows
 * it for the user, from the card's button); WeChat's statuses when it cannot: 3 when no account
 * of its subject is linked, -2 on a network failure.
 */
export function officialAccountServices(): Pick<HostServices, 'officialAccount'> {
  return {
    async officialAccount({ appid }, { follow }) {
      const path = { params: { path: { appid } } };
      try {
        if (follow) {
          const { error } = await api.POST(
            '/api/v1/client/miniprograms/{appid}/official-account/follow',
            path,
          );
          if (error) return { status: 3, errMsg: errorOf(error).message };
        }
        const { data, error } = await api.GET('/api/v1/client/miniprograms/{appid}/official-account', path);
        return data ?? { status: 3, errMsg: errorOf(error).message };
      } catch {
        return { status: -2, errMsg: 'network error' };
      }
    },
  };
}
