import { WharfError } from '../../errors/wharf-error.ts';
import type { VisitStatusStore } from './visit-status.store.ts';

export type VisitAction = 'close' | 'open';

/** What a launch of the app meets: open, closed by its admin, or banned by the operator. */
export type ServiceState = 'open' | 'closed' | 'banned';

/**
 * Whether a mini program is in service (WeChat's 服务状态): its admin closes and reopens it
 * (`/wxa/change_visitstatus`, the console); an operator's ban (`/admin/miniprograms/:appid/ban`)
 * suspends it too, and only lifting the ban ends that. A launch of a closed or banned app is
 * refused with a message the client shows as it is, in the user's language.
 */
export function visitStatusService(deps: { store: VisitStatusStore; clock: () => number }) {
  const { store, clock } = deps;
  const state = async (appId: string): Promise<ServiceState> => {
    const found = await store.state(appId);
    return found.banned ? 'banned' : found.closed ? 'closed' : 'open';
  };
  return {
    state,
    /** WeChat's `getvisitstatus`: 0 while out of service (closed or banned), 1 otherwise. */
    async status(appId: string): Promise<{ status: 0 | 1; state: ServiceState }> {
      const current = await state(appId);
      return { status: current === 'open' ? 1 : 0, state: current };
    },
    async change(appId: string, action: string | undefined, by: string): Promise<void> {
      if (action === 'close') await store.close({ app_id: appId, closed_by: by, closed_at: clock() });
      else if (action === 'open') await store.open(appId);
      else throw new WharfError('validation_failed', { field: 'action', reason: 'expected close or open' });
    },
    /** Throws the user-facing refusal unless the app is in service. */
    async assertInService(appId: string): Promise<void> {
      const current = await state(appId);
      if (current === 'closed') throw new WharfError('mini_program_closed');
      if (current === 'banned') throw new WharfError('mini_program_banned');
    },
  };
}

export type VisitStatusService = ReturnType<typeof visitStatusService>;
