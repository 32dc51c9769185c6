import type { BlobStore } from './blobs/blob-store.ts';
import { serverKeyStatus } from './security/secret-key.ts';
import type { Store } from './store/database.ts';

export interface HealthReport {
  ok: boolean;
  database: { ok: boolean; dialect: string; error?: string };
  blobs: { ok: boolean; store: string; error?: string };
  /** The start of the key's fingerprint (compare across nodes), and whether the database records it. */
  key: { ok: boolean; fingerprint?: string; error?: string };
}

/** A dependency that does not answer (a dropped route, not a refusal) is down, not a hung probe. */
const CHECK_MS = 3_000;

function bounded<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_MS / 1000} s`)),
      CHECK_MS,
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** What a load balancer or an operator checks on each node; names no secret. */
export async function healthReport(store: Store, blobs: BlobStore, secretKey: string): Promise<HealthReport> {
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);
  const [database, blobCheck, key] = await Promise.all([
    bounded(store.db.selectFrom('settings').select('key').limit(1).execute(), 'the database').then(
      () => ({ ok: true, dialect: store.dialect.name }),
      (error) => ({ ok: false, dialect: store.dialect.name, error: reason(error) }),
    ),
    bounded(blobs.check(), 'the blob store').then(
      () => ({ ok: true, store: blobs.kind }),
      (error) => ({ ok: false, store: blobs.kind, error: reason(error) }),
    ),
    bounded(serverKeyStatus(store.db, secretKey), 'the database').then(
      ({ fingerprint, matches }) =>
        matches
          ? { ok: true, fingerprint }
          : { ok: false, fingerprint, error: 'the database records another key (WHARF_SECRET_KEY differs)' },
      (error) => ({ ok: false, error: reason(error) }),
    ),
  ]);
  return { ok: database.ok && blobCheck.ok && key.ok, database, blobs: blobCheck, key };
}
