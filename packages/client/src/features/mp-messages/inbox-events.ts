import type { InboxItem } from '../../lib/api';

/** Home re-announces each new inbox item on the window, so screens of this feature update live without a stream of their own. */
const EVENT = 'wharf:inbox-item';

export function announceInboxItem(item: InboxItem): void {
  window.dispatchEvent(new CustomEvent<InboxItem>(EVENT, { detail: item }));
}

export function onInboxItem(listener: (item: InboxItem) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<InboxItem>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}

export const isNotification = (kind: string): boolean => kind === 'mp_template' || kind === 'mp_subscribe';
/** The key under which Home keeps the service notifications' read mark. */
export const NOTIFICATIONS_READ_KEY = 'service-notifications';
