import { WharfError } from '../../errors/wharf-error.ts';
import type { CodeStore } from './code.store.ts';
import type { CodeAccess, CodeApp } from './code-access.ts';
import type { LaunchTarget, Viewer } from './serving.service.ts';

/**
 * Whether a launch made earlier would still be answered: a mini program kept alive in the
 * client's background asks this when it comes back to the front, so an app closed, banned,
 * withdrawn or deleted meanwhile is torn down with the same refusal a fresh launch meets.
 * Reads only rows (no manifest, no package), as it runs on every return to the front.
 */
export function launchStatusService(deps: {
  store: Pick<CodeStore, 'slot'>;
  access: CodeAccess;
  isClientTester(app: CodeApp, endUserId: string): Promise<boolean>;
  assertInService(app: CodeApp): Promise<void>;
}) {
  const { store, access } = deps;
  return {
    async assertStillOpen(
      appid: string,
      target: LaunchTarget,
      viewer: Viewer | undefined,
      endUser: { id: string } | undefined,
    ): Promise<void> {
      const app = await access.app(appid);
      // The same rules as the launch: members keep trial and develop while users are refused.
      const member =
        target !== 'release' &&
        viewer !== undefined &&
        (await access.allows(app, viewer.id, target === 'trial' ? 'member' : 'developer'));
      if (target !== 'release' && !member) {
        if (target !== 'trial' || !endUser) throw new WharfError('not_found', { what: `${target} version` });
        if (!(await deps.isClientTester(app, endUser.id))) throw new WharfError('trial_not_tester');
      }
      if (!member) await deps.assertInService(app);
      const slot = await store.slot(app.id);
      const version =
        target === 'release'
          ? slot?.released_version_id
          : target === 'trial'
            ? slot?.trial_version_id
            : 'latest';
      if (!version) throw new WharfError('not_found', { what: `${target} version` });
    },
  };
}

export type LaunchStatusService = ReturnType<typeof launchStatusService>;
