import { WharfError } from '../../errors/wharf-error.ts';
import type { MiniProgramsStore } from '../miniprograms/miniprograms.store.ts';
import type { CodeStore } from './code.store.ts';

export type CodeApp = NonNullable<Awaited<ReturnType<CodeStore['appByAppid']>>>;

/** owner: the app's owner; developer: owner or developer member; member: any member, testers too. */
export type AccessLevel = 'owner' | 'developer' | 'member';

/** The one access check of code management: "not found" for both "no such app" and "not yours". */
export function codeAccess(store: CodeStore, apps: Pick<MiniProgramsStore, 'memberRoles' | 'categories'>) {
  async function app(appid: string): Promise<CodeApp> {
    const found = await store.appByAppid(appid);
    if (!found) throw new WharfError('not_found', { what: 'mini program' });
    return found;
  }

  async function allows(found: CodeApp, userId: string, level: AccessLevel): Promise<boolean> {
    if (found.owner_user_id === userId) return true;
    if (level === 'owner') return false;
    const roles = await apps.memberRoles(found.id, userId);
    return level === 'member' ? roles.length > 0 : roles.includes('developer');
  }

  return {
    app,
    allows,
    /** The app's (first, second) category pairs, as the mini program feature keeps them. */
    categories: (appId: string) => apps.categories(appId),
    /** Whether the user holds the tester role (experience member) of the app. */
    async isTester(found: CodeApp, userId: string): Promise<boolean> {
      return (await apps.memberRoles(found.id, userId)).includes('tester');
    },
    async reach(userId: string, appid: string, level: AccessLevel): Promise<CodeApp> {
      const found = await app(appid);
      if (!(await allows(found, userId, level))) throw new WharfError('not_found', { what: 'mini program' });
      return found;
    },
  };
}

export type CodeAccess = ReturnType<typeof codeAccess>;
