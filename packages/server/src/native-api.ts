import type { FastifyPluginAsync } from 'fastify';
import type { Context } from './context.ts';
import { inboxRoutes } from './delivery/inbox/inbox.routes.ts';
import { pushRoutes } from './delivery/push/push.routes.ts';
import { accountsRoutes } from './features/accounts/accounts.routes.ts';
import { categoriesRoutes } from './features/categories/categories.routes.ts';
import { chatsRoutes } from './features/chats/chats.routes.ts';
import { shareRoutes } from './features/chats/share.routes.ts';
import { codeRoutes } from './features/code/code.routes.ts';
import { reviewRoutes } from './features/code/review.routes.ts';
import { versionsRoutes } from './features/code/versions.routes.ts';
import { endUsersRoutes } from './features/end-users/end-users.routes.ts';
import { identityRoutes } from './features/identity/identity.routes.ts';
import { miniProgramsRoutes } from './features/miniprograms/miniprograms.routes.ts';
import { mpLoginRoutes } from './features/mp-login/mp-login.routes.ts';
import { mpMessagesRoutes } from './features/mp-messages/mp-messages.routes.ts';
import { oaConsoleRoutes } from './features/oa-console/oa-console.routes.ts';
import { oaMenusRoutes } from './features/oa-menus/oa-menus.routes.ts';
import { conversationsRoutes } from './features/oa-messages/conversations.routes.ts';
import { oaTemplatesRoutes } from './features/oa-templates/oa-templates.routes.ts';
import { linksRoutes } from './features/official-accounts/links.routes.ts';
import { officialAccountsRoutes } from './features/official-accounts/official-accounts.routes.ts';
import { openPlatformRoutes } from './features/open-platform/open-platform.routes.ts';
import { qrConsoleRoutes } from './features/qrcodes/console.routes.ts';
import { qrcodesRoutes } from './features/qrcodes/qrcodes.routes.ts';
import { settingsRoutes } from './features/settings/settings.routes.ts';
import { installNativeErrors } from './http/native-errors.ts';

/** The native face under `/api/v1`: JSON in and out, documented by the OpenAPI document. */
export const nativeApi =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    installNativeErrors(app);
    await app.register(accountsRoutes(ctx));
    await app.register(identityRoutes(ctx));
    await app.register(categoriesRoutes(ctx));
    await app.register(settingsRoutes(ctx));
    await app.register(miniProgramsRoutes(ctx));
    await app.register(codeRoutes(ctx));
    await app.register(reviewRoutes(ctx));
    await app.register(qrcodesRoutes(ctx));
    await app.register(endUsersRoutes(ctx));
    await app.register(officialAccountsRoutes(ctx));
    await app.register(linksRoutes(ctx));
    await app.register(conversationsRoutes(ctx));
    await app.register(pushRoutes(ctx));
    await app.register(oaMenusRoutes(ctx));
    await app.register(inboxRoutes(ctx));
    await app.register(oaTemplatesRoutes(ctx));
    await app.register(openPlatformRoutes(ctx));
    await app.register(mpLoginRoutes(ctx));
    await app.register(chatsRoutes(ctx));
    await app.register(versionsRoutes(ctx));
    await app.register(mpMessagesRoutes(ctx));
    await app.register(shareRoutes(ctx));
    await app.register(oaConsoleRoutes(ctx));
    await app.register(qrConsoleRoutes(ctx));
  };
