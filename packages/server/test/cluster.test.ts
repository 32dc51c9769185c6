import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNotices, NOTICES_LOST, type Notices } from '../src/cluster/index.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { freshDatabase } from './harness.ts';

async function until(check: () => boolean, ms = 1000): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - start;
}

describe('cluster notices on PostgreSQL (two nodes, one database)', () => {
  let location: string;
  const stores: Store[] = [];
  const nodes: Notices[] = [];

  async function node(): Promise<Notices> {
    const store = openStore(location);
    stores.push(store);
    const notices = clusterNotices(store);
    nodes.push(notices);
    await notices.ready();
    return notices;
  }

  beforeAll(async () => {
    ({ location } = await freshDatabase('postgres'));
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
    for (const s of stores) await s.close();
  });

  it('delivers to the publishing node at once and to the other within a second', async () => {
    const [a, b] = [await node(), await node()];
    const heardA: string[] = [];
    const heardB: string[] = [];
    a.subscribe('tokens', (p) => heardA.push(p));
    b.subscribe('tokens', (p) => heardB.push(p));
    b.subscribe('app', () => heardB.push('wrong channel'));
    await a.publish('tokens', 'wx0123456789abcdef');
    expect(heardA).toEqual(['wx0123456789abcdef']);
    await until(() => heardB.length > 0);
    expect(heardB).toEqual(['wx0123456789abcdef']);
    // A node does not hear its own notice twice.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heardA).toEqual(['wx0123456789abcdef']);
  });

  it('reconnects its listener after the connection is killed and reports the gap', async () => {
    const [a, b] = [await node(), await node()];
    const heard: string[] = [];
    b.subscribe('app', (p) => heard.push(p));
    const admin = new pg.Client({ connectionString: location });
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
      );
    } finally {
      await admin.end();
    }
    await until(() => heard.includes(NOTICES_LOST), 3000);
    // a's own listener was killed too; wait until both listen again before the next notice.
    await until(() => {
      void a.publish('app', 'after');
      return heard.includes('after');
    }, 5000);
  });
});

describe('cluster notices on SQLite (one node)', () => {
  it('delivers in-process, synchronously, and stops after unsubscribe', async () => {
    const { location } = await freshDatabase('sqlite');
    const store = openStore(location);
    const notices = clusterNotices(store);
    await notices.ready();
    const heard: string[] = [];
    const off = notices.subscribe('app', (p) => heard.push(p));
    await notices.publish('app', 'one');
    expect(heard).toEqual(['one']);
    off();
    await notices.publish('app', 'two');
    expect(heard).toEqual(['one']);
    await notices.close();
    await store.close();
  });
});
