import { useEffect, useState } from 'react';

export type Route =
  | { screen: 'chats' }
  | { screen: 'discover' }
  | { screen: 'account'; appid: string }
  | { screen: 'chat'; chatId: string }
  /** 服务通知: mini programs' template and subscription messages. */
  | { screen: 'notifications' }
  /** 扫一扫; `text` is a code's link handed over by its landing page (`#/scan?text=…`). */
  | { screen: 'scan'; text?: string };

export function parseRoute(hash: string): Route {
  const account = /^#\/oa\/(wx[0-9a-f]{16})$/.exec(hash);
  if (account?.[1]) return { screen: 'account', appid: account[1] };
  const chat = /^#\/chat\/(chat_[A-Za-z0-9_-]{1,40})$/.exec(hash);
  if (chat?.[1]) return { screen: 'chat', chatId: chat[1] };
  if (hash === '#/scan' || hash.startsWith('#/scan?')) {
    const text = new URLSearchParams(hash.slice('#/scan'.length)).get('text');
    return text ? { screen: 'scan', text } : { screen: 'scan' };
  }
  if (hash === '#/notifications') return { screen: 'notifications' };
  return hash === '#/discover' ? { screen: 'discover' } : { screen: 'chats' };
}

export function go(route: Route): void {
  location.hash =
    route.screen === 'account'
      ? `#/oa/${route.appid}`
      : route.screen === 'chat'
        ? `#/chat/${route.chatId}`
        : `#/${route.screen}`;
}

/** Hash routes, so the server answers one page at `/client/` and the back button works. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
