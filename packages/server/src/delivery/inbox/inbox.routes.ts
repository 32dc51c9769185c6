import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentEndUser, endUserGuard } from '../../features/end-users/end-user-auth.ts';
import { CLIENT_SECURITY } from '../../http/schemas.ts';
import type { InboxItem } from './inbox.service.ts';

const Cursor = Type.String({ minLength: 1, maxLength: 100 });

const Item = Type.Object({
  id: Type.String(),
  cursor: Type.String(),
  kind: Type.String(),
  sender: Type.Union([
    Type.Object({ id: Type.String(), appid: Type.String(), name: Type.String() }),
    Type.Null(),
  ]),
  body: Type.Unknown({ description: 'the message as its sending feature shaped it (JSON object)' }),
  deliveredAt: Type.Integer({ description: 'unix ms when the delivery was written' }),
});

/** SSE framing: one event per delivery, its cursor as the id a reconnecting EventSource sends back. */
const event = (item: InboxItem) => `id: ${item.cursor}\nevent: message\ndata: ${JSON.stringify(item)}\n\n`;

/** An end user's inbox under `/api/v1/client/inbox`: pages, and a realtime stream (SSE). */
export const inboxRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = endUserGuard(ctx.endUsers);
    // An open stream would keep the HTTP server from closing.
    app.addHook('preClose', async () => ctx.inbox.closeAll());

    app.get(
      '/client/inbox',
      {
        schema: {
          tags: ['client'],
          summary:
            'The signed-in end user’s inbox: newest first (`before` a cursor), or oldest first `after` one',
          security: CLIENT_SECURITY,
          querystring: Type.Object({
            before: Type.Optional(Cursor),
            after: Type.Optional(Cursor),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          }),
          response: {
            200: Type.Object({ items: Type.Array(Item), next: Type.Union([Type.String(), Type.Null()]) }),
          },
        },
        onRequest: guard,
      },
      async (request) => ctx.inbox.list(currentEndUser(request).id, request.query),
    );

    app.get(
      '/client/inbox/stream',
      {
        schema: {
          tags: ['client'],
          summary: 'Server-sent events: each new delivery as an `event: message` whose id is its cursor',
          description:
            'Sends what arrived after `Last-Event-ID` (or `after`) first; without either, from a moment ago. ' +
            'Heartbeat comments every 15 s. An item may repeat after a reconnection near its time: dedupe on `id`.',
          security: CLIENT_SECURITY,
          querystring: Type.Object({ after: Type.Optional(Cursor) }),
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const user = currentEndUser(request);
        const header = request.headers['last-event-id'];
        const from =
          (typeof header === 'string' && header !== '' ? header : undefined) ?? request.query.after;
        const raw = reply.raw;
        // Refusals (a bad cursor, too many streams) are thrown here, before the response starts.
        const close = ctx.inbox.open(
          user.id,
          from,
          {
            send: (item) => raw.write(event(item)),
            ping: () => raw.write(': ping\n\n'),
            end: () => raw.end(),
          },
          ctx.clock(),
        );
        reply.hijack();
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        raw.write('retry: 3000\n\n');
        request.raw.once('close', close);
      },
    );
  };
