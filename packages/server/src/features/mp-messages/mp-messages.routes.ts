import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { CLIENT_SECURITY, Ok } from '../../http/schemas.ts';
import { currentEndUser, endUserGuard } from '../end-users/end-user-auth.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });
const Page = Type.Object({
  before: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
const Entry = Type.Object({
  id: Type.String(),
  from: Type.Union([Type.Literal('user'), Type.Literal('developer')]),
  kind: Type.String(),
  body: Type.Object({}, { additionalProperties: true }),
  at: Type.Number(),
});
const Notification = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('mp_template'), Type.Literal('mp_subscribe')]),
  body: Type.Object({}, { additionalProperties: true }),
  at: Type.Number(),
});
const TemplateId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Answer = Type.Union([Type.Literal('accept'), Type.Literal('reject')]);
const Decision = Type.Union([Type.Literal('accept'), Type.Literal('reject'), Type.Literal('filter')]);

/** What the client does for a running mini program: form_ids, consents, customer service, service notifications. */
export const mpMessagesRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const client = endUserGuard(ctx.endUsers);
    const tags = ['client'];
    const { notifications, custom } = ctx.mpMessages;
    const mp = (appid: string) => ctx.mpMessages.app(appid);

    app.post(
      '/client/miniprograms/:appid/form-ids',
      {
        schema: {
          tags,
          summary:
            'A <form report-submit> was submitted: a form_id for this user, valid 7 days for one template message',
          security: CLIENT_SECURITY,
          params: AppidParam,
          response: { 201: Type.Object({ formId: Type.String() }) },
        },
        onRequest: client,
      },
      async (request, reply) =>
        reply.status(201).send({
          formId: await notifications.issueFormId(await mp(request.params.appid), currentEndUser(request).id),
        }),
    );

    app.post(
      '/client/miniprograms/:appid/subscriptions',
      {
        schema: {
          tags,
          summary:
            "The user's answers to wx.requestSubscribeMessage (at most 3 templates); each accepted one allows one message",
          security: CLIENT_SECURITY,
          params: AppidParam,
          body: Type.Object({
            answers: Type.Record(TemplateId, Answer, { minProperties: 1, maxProperties: 3 }),
          }),
          response: { 200: Type.Object({ result: Type.Record(Type.String(), Decision) }) },
        },
        onRequest: client,
      },
      async (request) => ({
        result: await notifications.subscribe(
          await mp(request.params.appid),
          currentEndUser(request).id,
          request.body.answers,
        ),
      }),
    );

    app.get(
      '/client/service-notifications',
      {
        schema: {
          tags,
          summary: "Mini programs' template and subscription messages to the user, newest first",
          security: CLIENT_SECURITY,
          querystring: Page,
          response: { 200: Type.Array(Notification) },
        },
        onRequest: client,
      },
      async (request) =>
        (await notifications.list(currentEndUser(request).id, request.query)) as Array<{
          id: string;
          kind: 'mp_template' | 'mp_subscribe';
          body: Record<string, unknown>;
          at: number;
        }>,
    );

    app.post(
      '/client/miniprograms/:appid/contact',
      {
        schema: {
          tags,
          summary:
            'The user opened the customer-service conversation (<button open-type="contact">): user_enter_tempsession is pushed',
          security: CLIENT_SECURITY,
          params: AppidParam,
          body: Type.Object({ sessionFrom: Type.Optional(Type.String({ maxLength: 1000 })) }),
          response: { 200: Ok },
        },
        onRequest: client,
      },
      async (request) => {
        await custom.enter(
          await mp(request.params.appid),
          currentEndUser(request).id,
          request.body.sessionFrom,
        );
        return { ok: true as const };
      },
    );

    app.post(
      '/client/miniprograms/:appid/customer-service/messages',
      {
        schema: {
          tags,
          summary: "A text to the mini program's customer service; its server hears it as WeChat's XML",
          security: CLIENT_SECURITY,
          params: AppidParam,
          body: Type.Object({ content: Type.String({ minLength: 1, maxLength: 2000 }) }),
          response: { 201: Type.Object({ msgId: Type.String(), at: Type.Number() }) },
        },
        onRequest: client,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await custom.sendFromUser(
              await mp(request.params.appid),
              currentEndUser(request).id,
              request.body.content,
            ),
          ),
    );

    app.get(
      '/client/miniprograms/:appid/customer-service',
      {
        schema: {
          tags,
          summary: "Both sides of the conversation with a mini program's customer service, newest first",
          security: CLIENT_SECURITY,
          params: AppidParam,
          querystring: Page,
          response: { 200: Type.Array(Entry) },
        },
        onRequest: client,
      },
      async (request) =>
        custom.conversation(await mp(request.params.appid), currentEndUser(request).id, request.query),
    );

    app.get(
      '/client/mp-media/:id',
      {
        schema: {
          tags,
          summary: "An image a mini program's customer service sent (an image, a card's thumbnail)",
          security: CLIENT_SECURITY,
          params: Type.Object({ id: Type.String({ minLength: 10, maxLength: 64 }) }),
        },
        onRequest: client,
      },
      async (request, reply) => {
        const media = await custom.media(request.params.id);
        return reply
          .type(media.contentType)
          .header('cache-control', 'private, max-age=3600')
          .send(Buffer.from(media.bytes));
      },
    );
  };
