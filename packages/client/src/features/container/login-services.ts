import type { HostServices } from '@wharf/runtime/host';
import { api } from '../../lib/api';

/** `wx.getUserProfile` waiting for the user's answer on the client's own sheet. */
export interface ProfileRequest {
  desc: string;
  answer(allowed: boolean): void;
}

/**
 * `wx.login`, `wx.checkSession`, `wx.getUserProfile` and `wx.getUserInfo` for the signed-in end
 * user: real codes the mini program's server redeems at `/sns/jscode2session`, and open data
 * sealed by the server with the session key. getUserProfile asks the user each time (refused:
 * `getUserProfile:fail auth deny`); getUserInfo answers the anonymous profile without asking,
 * as WeChat does since April 2021.
 */
export function loginServices(deps: {
  askProfile(request: Omit<ProfileRequest, 'answer'>): Promise<boolean>;
}): Pick<HostServices, 'login' | 'checkSession' | 'getUserInfo'> {
  return {
    async login({ appid }) {
      const { data } = await api.POST('/api/v1/client/miniprograms/{appid}/login', {
        params: { path: { appid } },
      });
      if (!data) throw new Error('login failed');
      return data;
    },
    async checkSession({ appid }) {
      const { data } = await api.GET('/api/v1/client/miniprograms/{appid}/session', {
        params: { path: { appid } },
      });
      return data?.valid ?? false;
    },
    async getUserInfo({ appid }, request) {
      const lang = request.lang === 'zh_CN' || request.lang === 'zh_TW' ? request.lang : 'en';
      const anonymous = request.api !== 'getUserProfile';
      if (!anonymous && !(await deps.askProfile({ desc: request.desc ?? '' }))) return null;
      const { data } = await api.POST('/api/v1/client/miniprograms/{appid}/user-info', {
        params: { path: { appid } },
        body: { lang, ...(anonymous ? { anonymous: true } : {}) },
      });
      if (!data) throw new Error('getUserInfo failed');
      return { ...data, userInfo: { ...data.userInfo, gender: toGender(data.userInfo.gender) } };
    },
  };
}

const toGender = (value: number): 0 | 1 | 2 => (value === 1 || value === 2 ? value : 0);
