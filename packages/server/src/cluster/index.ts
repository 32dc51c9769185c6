import type { Store } from '../store/database.ts';
import { type Notices, notices } from './notices.ts';

export { NOTICES_LOST, type Notices } from './notices.ts';

/** The notices of a deployment: across nodes where the database is shared, in-process otherwise. */
export function clusterNotices(store: Store, onError?: (error: unknown) => void): Notices {
  return notices(store.dialect.noticeTransport?.(), onError);
}
