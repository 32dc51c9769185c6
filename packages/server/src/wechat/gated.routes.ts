import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import type { Capability } from '../features/capabilities/capabilities.ts';
import { tokenGuard } from './token-guard.ts';

/**
 * WeChat paths of capabilities Wharf does not offer yet. They exist only to apply the
 * capability gate: an individual's app hears "individuals cannot use this", an organisation's
 * app hears plainly that this platform does not offer it. Neither is a silent success.
 */
const gatedPaths: Array<{ prefix: string; capability: Capability }> = [
  { prefix: '/card/*', capability: 'cards' },
  { prefix: '/pay/*', capability: 'payment' },
  { prefix: '/wxa/getpaidunionid', capability: 'payment' },
  { prefix: '/shop/pay/*', capability: 'payment' },
  { prefix: '/cgi-bin/wxverify/*', capability: 'certification' },
];

export const gatedRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    for (const { prefix, capability } of gatedPaths) {
      app.route({
        method: ['GET', 'POST'],
        url: prefix,
        onRequest: tokenGuard(ctx, capability),
        // The guard refuses every caller of an unoffered capability; reaching here would be a bug.
        handler: async () => {
          throw new WharfError('wx_api_unauthorized', { reason: `${capability} is not offered` });
        },
      });
    }
  };
