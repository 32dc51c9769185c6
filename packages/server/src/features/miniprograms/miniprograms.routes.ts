import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { CategoryIdInt, CLIENT_SECURITY, IdParam, Ok } from '../../http/schemas.ts';
import { requestOrigin } from '../code/code.routes.ts';
import { endUserGuard } from '../end-users/end-user-auth.ts';
import { isValidAllowlistEntry } from '../tokens/ip-allowlist.ts';
import { type ServerDomains as DomainLists, MAX_SERVER_DOMAINS } from './server-domains.ts';
import { MAX_WEBVIEW_DOMAINS } from './webview-domains.ts';

const Category = Type.Object({
  firstId: Type.Integer(),
  secondId: Type.Integer(),
  firstClass: Type.String(),
  secondClass: Type.String(),
  needsQualification: Type.Boolean(),
  qualificationProvided: Type.Boolean(),
});

export const MiniProgram = Type.Object({
  id: Type.String(),
  appid: Type.String(),
  originalId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  intro: Type.Union([Type.String(), Type.Null()]),
  icon: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  subjectId: Type.String(),
  ownerUserId: Type.String(),
  categories: Type.Array(Category),
  ipAllowlist: Type.Array(Type.String()),
  requestDomains: Type.Array(Type.String()),
  createdAt: Type.Number(),
});

const MemberRole = Type.Union([Type.Literal('developer'), Type.Literal('tester')]);

const Invitation = Type.Object({
  id: Type.String(),
  invitee: Type.String({
    description: 'What the inviter typed (an email, or a user id from /wxa/bind_tester)',
  }),
  role: MemberRole,
  createdAt: Type.Number(),
});

export const miniProgramsRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const tags = ['miniprograms'];

    app.get(
      '/client/miniprograms',
      {
        schema: {
          tags: ['client'],
          summary: 'Search released mini programs by name, for the client',
          security: CLIENT_SECURITY,
          querystring: Type.Object(
            { q: Type.String({ minLength: 1, maxLength: 30 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Array(Type.Object({ appid: Type.String(), name: Type.String(), intro: Type.String() })),
          },
        },
        onRequest: endUserGuard(ctx.endUsers),
      },
      async (request) => ctx.miniPrograms.searchReleased(request.query.q),
    );

    app.post(
      '/miniprograms',
      {
        schema: {
          tags,
          summary: 'Register a mini program for a verified subject (within its quota)',
          body: Type.Object({ subjectId: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 201: MiniProgram },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await ctx.miniPrograms.create(currentUser(request).id, request.body.subjectId)),
    );

    app.get(
      '/miniprograms',
      { schema: { tags, response: { 200: Type.Array(MiniProgram) } }, onRequest: guard },
      async (request) => ctx.miniPrograms.listMine(currentUser(request).id),
    );

    app.get(
      '/miniprograms/name-available',
      {
        schema: {
          tags,
          summary: 'Whether a mini program name is free (names are unique across the platform)',
          querystring: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 30 }),
            appId: Type.Optional(Type.String({ maxLength: 64, description: 'the app being renamed' })),
          }),
          response: { 200: Type.Object({ available: Type.Boolean() }) },
        },
        onRequest: guard,
      },
      async (request) => ctx.miniPrograms.nameAvailable(request.query.name, request.query.appId),
    );

    app.get(
      '/miniprograms/:id',
      { schema: { tags, params: IdParam, response: { 200: MiniProgram } }, onRequest: guard },
      async (request) => ctx.miniPrograms.get(currentUser(request).id, request.params.id),
    );

    app.patch(
      '/miniprograms/:id',
      {
        schema: {
          tags,
          summary:
            'Fill in details; the response carries the AppSecret once, when the details first become complete',
          params: IdParam,
          body: Type.Object({
            name: Type.Optional(Type.String({ maxLength: 30 })),
            intro: Type.Optional(Type.String({ minLength: 4, maxLength: 120 })),
            icon: Type.Optional(Type.String({ maxLength: 300_000 })),
            categories: Type.Optional(
              Type.Array(
                Type.Object({
                  firstId: CategoryIdInt,
                  secondId: CategoryIdInt,
                  qualification: Type.Optional(
                    Type.String({
                      maxLength: 820_000,
                      description: 'PNG, JPEG or PDF data URL, for categories that need one',
                    }),
                  ),
                }),
                { maxItems: 20 },
              ),
            ),
            ipAllowlist: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
            requestDomains: Type.Optional(
              Type.Array(Type.String({ pattern: '^https://[A-Za-z0-9.-]+(:\\d+)?$', maxLength: 255 }), {
                maxItems: 200,
              }),
            ),
          }),
          response: { 200: Type.Object({ app: MiniProgram, secret: Type.Optional(Type.String()) }) },
        },
        onRequest: guard,
      },
      async (request) => {
        const bad = request.body.ipAllowlist?.find((entry) => !isValidAllowlistEntry(entry));
        if (bad !== undefined)
          throw new WharfError('validation_failed', {
            field: 'ipAllowlist',
            reason: `not an IP or CIDR: ${bad}`,
          });
        return ctx.miniPrograms.updateDetails(currentUser(request).id, request.params.id, request.body);
      },
    );

    app.post(
      '/miniprograms/:id/secret/reset',
      {
        schema: {
          tags,
          summary: 'Issue a new AppSecret (shown once); the old one and its tokens stop working',
          params: IdParam,
          response: { 200: Type.Object({ secret: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => ({
        secret: await ctx.miniPrograms.resetSecret(currentUser(request).id, request.params.id),
      }),
    );

    app.get(
      '/miniprograms/:id/members',
      {
        schema: {
          tags,
          params: IdParam,
          response: {
            200: Type.Array(
              Type.Object({
                userId: Type.String(),
                email: Type.String(),
                displayName: Type.String(),
                role: MemberRole,
              }),
            ),
          },
        },
        onRequest: guard,
      },
      async (request) => ctx.miniPrograms.members(currentUser(request).id, request.params.id),
    );

    app.post(
      '/miniprograms/:id/invitations',
      {
        schema: {
          tags,
          summary:
            'Invite a developer or tester by email; they become a member once they accept. The answer is the same whether or not the email has an account',
          params: IdParam,
          body: Type.Object(
            { email: Type.String({ minLength: 3, maxLength: 254 }), role: MemberRole },
            { additionalProperties: false },
          ),
          response: { 201: Invitation },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await ctx.rateLimits.attempt(
              'invitations',
              { subject: currentUser(request).id, ip: request.ip },
              () =>
                ctx.miniPrograms.invite(
                  currentUser(request).id,
                  request.params.id,
                  request.body.email,
                  request.body.role,
                  requestOrigin(ctx, request),
                ),
            ),
          ),
    );

    app.get(
      '/miniprograms/:id/invitations',
      {
        schema: {
          tags,
          summary: "The app's pending invitations, as the owner typed them",
          params: IdParam,
          response: { 200: Type.Array(Invitation) },
        },
        onRequest: guard,
      },
      async (request) => ctx.miniPrograms.invitations(currentUser(request).id, request.params.id),
    );

    app.delete(
      '/miniprograms/:id/invitations/:invitationId',
      {
        schema: {
          tags,
          params: Type.Object(
            { id: Type.String({ maxLength: 64 }), invitationId: Type.String({ maxLength: 64 }) },
            { additionalProperties: false },
          ),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await ctx.miniPrograms.cancelInvitation(
          currentUser(request).id,
          request.params.id,
          request.params.invitationId,
        );
        return { ok: true as const };
      },
    );

    app.get(
      '/invitations',
      {
        schema: {
          tags,
          summary: 'Invitations waiting for me (addressed to my email or my user id)',
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.String(),
                appid: Type.String(),
                appName: Type.Union([Type.String(), Type.Null()]),
                role: MemberRole,
                createdAt: Type.Number(),
              }),
            ),
          },
        },
        onRequest: guard,
      },
      async (request) => ctx.miniPrograms.myInvitations(currentUser(request).id),
    );

    for (const answer of ['accept', 'decline'] as const) {
      app.post(
        `/invitations/:id/${answer}`,
        {
          schema: {
            tags,
            summary: answer === 'accept' ? 'Accept: become a member of the app' : 'Decline the invitation',
            params: IdParam,
            response: { 200: Ok },
          },
          onRequest: guard,
        },
        async (request) => {
          const userId = currentUser(request).id;
          if (answer === 'accept') await ctx.miniPrograms.acceptInvitation(userId, request.params.id);
          else await ctx.miniPrograms.declineInvitation(userId, request.params.id);
          return { ok: true as const };
        },
      );
    }

    app.delete(
      '/miniprograms/:id/members/:userId/:role',
      {
        schema: {
          tags,
          params: Type.Object({
            id: Type.String({ maxLength: 64 }),
            userId: Type.String({ maxLength: 64 }),
            role: MemberRole,
          }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        const { id, userId, role } = request.params;
        await ctx.miniPrograms.removeMember(currentUser(request).id, id, userId, role);
        return { ok: true as const };
      },
    );

    const WebviewDomains = Type.Object({
      domains: Type.Array(Type.String({ maxLength: 255 }), {
        maxItems: MAX_WEBVIEW_DOMAINS,
        description:
          "Business domains (业务域名) the app's <web-view> may show: https:// and a host name, no port",
      }),
    });
    app.get(
      '/miniprograms/:id/webview-domains',
      {
        schema: {
          tags,
          summary: 'Business domains (业务域名) of the mini program',
          params: IdParam,
          response: { 200: WebviewDomains },
        },
        onRequest: guard,
      },
      async (request) => ({
        domains: await ctx.miniPrograms.webviewDomains(currentUser(request).id, request.params.id),
      }),
    );
    app.put(
      '/miniprograms/:id/webview-domains',
      {
        schema: {
          tags,
          summary: 'Replace the business domains (业务域名) of the mini program',
          params: IdParam,
          body: WebviewDomains,
          response: { 200: WebviewDomains },
        },
        onRequest: guard,
      },
      async (request) => {
        const app = { userId: currentUser(request).id, appId: request.params.id };
        const { list } = await ctx.miniPrograms.changeWebviewDomains(app, 'set', request.body.domains);
        return { domains: list };
      },
    );

    const domainList = (what: string) =>
      Type.Array(Type.String({ maxLength: 255 }), { maxItems: MAX_SERVER_DOMAINS, description: what });
    const ServerDomains = Type.Object({
      requestDomains: domainList('wx.request: https://host[:port]'),
      socketDomains: domainList('wx.connectSocket: wss://host[:port]'),
      uploadDomains: domainList('wx.uploadFile: https://host[:port]'),
      downloadDomains: domainList('wx.downloadFile: https://host[:port]'),
    });
    const asNative = (domains: DomainLists) => ({
      requestDomains: domains.requestdomain,
      socketDomains: domains.wsrequestdomain,
      uploadDomains: domains.uploaddomain,
      downloadDomains: domains.downloaddomain,
    });
    app.get(
      '/miniprograms/:id/domains',
      {
        schema: {
          tags,
          summary: 'Server domains (服务器域名) of the mini program',
          params: IdParam,
          response: { 200: ServerDomains },
        },
        onRequest: guard,
      },
      async (request) => {
        const app = { userId: currentUser(request).id, appId: request.params.id };
        return asNative((await ctx.miniPrograms.changeServerDomains(app, 'get', {}, true)).domains);
      },
    );
    app.put(
      '/miniprograms/:id/domains',
      {
        schema: {
          tags,
          summary: 'Replace the server domains (服务器域名) of the mini program',
          description:
            "An entry that breaks WeChat's rules (scheme, IP address, path) refuses the whole change.",
          params: IdParam,
          body: ServerDomains,
          response: { 200: ServerDomains },
        },
        onRequest: guard,
      },
      async (request) => {
        const app = { userId: currentUser(request).id, appId: request.params.id };
        const { requestDomains, socketDomains, uploadDomains, downloadDomains } = request.body;
        const change = await ctx.miniPrograms.changeServerDomains(
          app,
          'set',
          {
            requestdomain: requestDomains,
            wsrequestdomain: socketDomains,
            uploaddomain: uploadDomains,
            downloaddomain: downloadDomains,
          },
          true,
        );
        return asNative(change.domains);
      },
    );
  };
