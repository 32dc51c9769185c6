/**
 * `<open-data>`: the signed-in user's profile as the host gives it to `wx.getUserInfo` (the
 * anonymous profile: WeChat has answered every mini program with 微信用户, a grey avatar and
 * empty fields since 2022, and Wharf's client does the same). `lang` picks the language of
 * the place names and the gender; an empty value shows `default-text` (`default-avatar` for
 * the avatar) and sends `error`. `groupName` has no host service: it always shows
 * `default-text` and sends `error`.
 */
import { type Caller, hostElement } from './host-element.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;
type Profile = {
  nickName?: string;
  avatarUrl?: string;
  gender?: number;
  country?: string;
  province?: string;
  city?: string;
  language?: string;
};

const FIELDS: Record<string, keyof Profile> = {
  userNickName: 'nickName',
  userAvatarUrl: 'avatarUrl',
  userGender: 'gender',
  userCity: 'city',
  userProvince: 'province',
  userCountry: 'country',
  userLanguage: 'language',
};
const GENDERS: Record<string, [string, string]> = {
  en: ['Male', 'Female'],
  zh_CN: ['男', '女'],
  zh_TW: ['男', '女'],
};

// One question to the host per language: the user does not change while the frame runs.
const asked = new Map<string, Promise<Profile | null>>();
function profile(lang: string): Promise<Profile | null> {
  let answer = asked.get(lang);
  if (!answer) {
    answer = platform
      .openTypeDetail('getUserInfo', { lang })
      .then((detail) => (detail.userInfo as Profile | undefined) ?? null);
    asked.set(lang, answer);
  }
  return answer;
}

function text(field: keyof Profile, value: Profile, lang: string): string {
  if (field !== 'gender') return String(value[field] ?? '');
  const names = GENDERS[lang] ?? GENDERS.en!;
  return value.gender === 1 ? names[0] : value.gender === 2 ? names[1] : '';
}

export const openData: Def = {
  properties: {
    type: String,
    openGid: String,
    lang: { type: String, value: 'en' },
    defaultText: String,
    defaultAvatar: String,
  },
  observers: {
    'type, lang, defaultText, defaultAvatar': function (this: Caller) {
      const element = hostElement(this);
      if (!element) return;
      const run = ((this.__run as number | undefined) ?? 0) + 1;
      this.__run = run;
      const type = String(this.data.type ?? '');
      const lang = GENDERS[String(this.data.lang)] ? String(this.data.lang) : 'en';
      const field = FIELDS[type];
      const owner = this._$.ownerShadowRoot?.getHostNode().is ?? '';
      const show = (value: string) => {
        if (this.__run !== run) return;
        const avatar = field === 'avatarUrl';
        const fallback = String((avatar ? this.data.defaultAvatar : this.data.defaultText) ?? '');
        const shown = value || (avatar && fallback ? platform.resolveAsset(fallback, owner) : fallback);
        if (avatar) {
          const image = document.createElement('img');
          image.className = 'wxb--open-data-avatar';
          image.alt = '';
          if (shown) image.src = shown;
          element.replaceChildren(...(shown ? [image] : []));
        } else element.textContent = shown;
        if (!value) this.triggerEvent('error', { errMsg: `open-data ${type}: empty` });
      };
      if (!field) {
        show('');
        return;
      }
      profile(lang).then(
        (value) => show(value ? text(field, value, lang) : ''),
        () => show(''),
      );
    },
  },
};
