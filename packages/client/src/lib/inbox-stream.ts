import type { InboxItem, paths } from './api';

const STREAM = '/api/v1/client/inbox/stream' satisfies keyof paths;

export type StreamState = 'connecting' | 'open' | 'down';

/**
 * The inbox's server-sent events. EventSource itself reconnects after a dropped connection and
 * sends Last-Event-ID; when it gives up (an error status, the server gone for good) we open a
 * new one with `after` = the last cursor seen, so nothing delivered meanwhile is missed.
 * Items may repeat around a reconnection: callers dedupe on `id`.
 */
export function openInboxStream(
  onItem: (item: InboxItem) => void,
  onState: (state: StreamState) => void,
): () => void {
  let last: string | undefined;
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let delay = 1000;

  const connect = () => {
    onState('connecting');
    const url = last ? `${STREAM}?after=${encodeURIComponent(last)}` : STREAM;
    source = new EventSource(url, { withCredentials: true });
    source.onopen = () => {
      delay = 1000;
      onState('open');
    };
    source.addEventListener('message', (event) => {
      if (event.lastEventId) last = event.lastEventId;
      onItem(JSON.parse(event.data) as InboxItem);
    });
    source.onerror = () => {
      onState('down');
      if (source?.readyState !== EventSource.CLOSED || stopped) return;
      retry = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30_000);
    };
  };
  connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    source?.close();
  };
}
