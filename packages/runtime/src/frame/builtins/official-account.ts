/**
 * `<official-account>` (公众号关注组件): a card of the official account linked to the mini
 * program, with a follow button. As in WeChat it shows only when the run started from a scan
 * (1011, 1017, 1025, 1047, 1124; any scene for a trial version), once per page; otherwise, or
 * when the host knows no account, it stays empty and `binderror` says why with WeChat's status.
 */
import { type Caller, hostElement } from './host-element.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;

const SCAN_SCENES = [1011, 1017, 1025, 1047, 1124];
/** WeChat's status values for `bindload` / `binderror`. */
const STATUS = { network: -2, ok: 0, unlinked: 3, off: 4, scene: 5, twice: 6 } as const;

/** The pages (their root component) that already show one: WeChat allows one per page. */
const shownOn = new WeakMap<object, object>();

interface Account {
  appid: string;
  name: string;
  following: boolean;
}

const statusOf = (error: Error): number => {
  const match = /status (-?\d+)/.exec(error.message);
  return match ? Number(match[1]) : STATUS.network;
};

export const officialAccount: Def = {
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      // Told after the page's onLoad, as WeChat answers after asking its server.
      const fail = (status: number, errMsg: string) =>
        queueMicrotask(() => this.triggerEvent('error', { status, errMsg }));
      const { scene, envVersion } = platform.started;
      if (!SCAN_SCENES.includes(scene) && envVersion !== 'trial')
        return fail(STATUS.scene, `official-account: scene ${scene} cannot show it`);
      const page = pageOf(this);
      if (shownOn.has(page) && shownOn.get(page) !== this._$)
        return fail(STATUS.twice, 'official-account: only one per page');
      shownOn.set(page, this._$);
      platform.callHost('officialAccount', {}).then(
        (value) => {
          render(element, value as unknown as Account, () =>
            platform
              .callHost('officialAccount', { follow: true })
              .then((next) => render(element, next as unknown as Account, () => {}))
              .catch((error: Error) => fail(statusOf(error), error.message)),
          );
          this.triggerEvent('load', { status: STATUS.ok, errMsg: 'official-account:ok' });
        },
        (error: Error) => fail(statusOf(error), error.message),
      );
    },
    detached(this: Caller) {
      const page = pageOf(this);
      if (shownOn.get(page) === this._$) shownOn.delete(page);
      hostElement(this).replaceChildren();
    },
  },
};

/** The page the component is on: the outermost owner. */
function pageOf(caller: Caller): object {
  let node = caller._$;
  for (;;) {
    const owner = node.ownerShadowRoot?.getHostNode();
    if (!owner) return node;
    node = owner;
  }
}

function render(element: HTMLElement, account: Account, follow: () => void): void {
  const avatar = document.createElement('div');
  avatar.className = 'wxb--oa-avatar';
  avatar.textContent = account.name.slice(0, 1);
  const name = document.createElement('div');
  name.className = 'wxb--oa-name';
  name.textContent = account.name;
  const hint = document.createElement('div');
  hint.className = 'wxb--oa-hint';
  hint.textContent = '公众号';
  const info = document.createElement('div');
  info.className = 'wxb--oa-info';
  info.append(name, hint);
  const button = document.createElement('div');
  button.className = 'wxb--oa-button';
  button.setAttribute('role', 'button');
  button.toggleAttribute('data-following', account.following);
  button.textContent = account.following ? '已关注' : '关注';
  if (!account.following) button.addEventListener('click', follow, { once: true });
  const card = document.createElement('div');
  card.className = 'wxb--oa-card';
  card.dataset.appid = account.appid;
  card.append(avatar, info, button);
  element.replaceChildren(card);
}
