import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { NoticeTransport } from './notices.ts';

const PG_CHANNEL = 'wharf_notices';
const MAX_BACKOFF_MS = 5_000;

/**
 * Notices over PostgreSQL `LISTEN/NOTIFY` on a dedicated client (a pooled one would be handed to
 * other queries and lose its LISTEN). NOTIFY is delivered after the sending transaction commits,
 * to every listening session, typically within milliseconds. When the client drops, it reconnects
 * with backoff and reports `lost`, since notices sent meanwhile are gone.
 */
export function postgresTransport(connectionString: string): NoticeTransport & { ready(): Promise<void> } {
  const node = randomUUID();
  let client: pg.Client | undefined;
  let closed = false;
  let backoff = 100;
  let timer: NodeJS.Timeout | undefined;
  let connectedOnce = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  return {
    ready: () => ready,
    start(deliver, lost) {
      const connect = async () => {
        if (closed) return;
        const next = new pg.Client({ connectionString });
        const retry = () => {
          if (client === next) client = undefined;
          next.removeAllListeners('notification');
          next.end().catch(() => {});
          if (closed || timer) return;
          timer = setTimeout(() => {
            timer = undefined;
            void connect();
          }, backoff);
          timer.unref();
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        };
        next.on('error', retry);
        next.on('end', retry);
        next.on('notification', (message) => {
          const text = message.payload ?? '';
          const first = text.indexOf('\n');
          const second = text.indexOf('\n', first + 1);
          if (first < 0 || second < 0 || text.slice(0, first) === node) return;
          deliver(text.slice(first + 1, second), text.slice(second + 1));
        });
        try {
          await next.connect();
          await next.query(`LISTEN ${PG_CHANNEL}`);
        } catch {
          retry();
          return;
        }
        if (closed) {
          await next.end().catch(() => {});
          return;
        }
        client = next;
        backoff = 100;
        if (connectedOnce) lost();
        connectedOnce = true;
        markReady();
      };
      void connect();
    },
    async send(channel, payload) {
      if (!client) throw new Error('cluster notices: not connected to PostgreSQL');
      await client.query('SELECT pg_notify($1, $2)', [PG_CHANNEL, `${node}\n${channel}\n${payload}`]);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const last = client;
      client = undefined;
      if (last) {
        last.removeAllListeners('end');
        await last.end().catch(() => {});
      }
    },
  };
}
