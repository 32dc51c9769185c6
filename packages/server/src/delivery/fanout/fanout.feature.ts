import type { Notices } from '../../cluster/notices.ts';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { type FanoutOptions, fanoutService } from './fanout.service.ts';
import { fanoutWorker, type WorkerOptions } from './fanout.worker.ts';

/** The delivery engine's fan-out: the service features call, and this node's worker. */
export function fanoutFeature(deps: {
  db: Db;
  dialect: StoreDialect;
  notices: Notices;
  clock: () => number;
  options?: FanoutOptions & { worker?: WorkerOptions };
}) {
  const service = fanoutService(deps);
  const worker = fanoutWorker({ ...deps, hooks: service.hooks, options: deps.options?.worker });
  return {
    post: service.post,
    progress: service.progress,
    onJobFinished: service.onJobFinished,
    worker,
  };
}

export type Fanout = ReturnType<typeof fanoutFeature>;
