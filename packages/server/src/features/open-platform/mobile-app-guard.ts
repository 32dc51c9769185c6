import type { FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import type { MobileAppCaller } from './mobile-apps.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    mobileApp?: MobileAppCaller;
  }
}

/** The headers a mobile app's server sends its credentials in; `Authorization` stays free for a user's session. */
export const MOBILE_APP_ID_HEADER = 'x-wharf-app-id';
export const MOBILE_APP_SECRET_HEADER = 'x-wharf-app-secret';

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' && value.length <= 64 ? value : undefined;
};

/**
 * onRequest guard of a native route called by a mobile app's server: its AppID and AppSecret
 * in `x-wharf-app-id` / `x-wharf-app-secret`. Wrong secrets count toward the AppSecret
 * guessing limit of the appid and of the IP (429 past it).
 */
export function mobileAppGuard(ctx: Context) {
  return async (request: FastifyRequest): Promise<void> => {
    const appid = header(request, MOBILE_APP_ID_HEADER);
    const secret = header(request, MOBILE_APP_SECRET_HEADER);
    if (!appid || !secret) throw new WharfError('mobile_app_unauthenticated');
    request.mobileApp = await ctx.rateLimits.attempt(
      'mobileAppSecret',
      { subject: appid, ip: request.ip },
      () => ctx.openPlatform.mobileApps.authenticate(appid, secret),
    );
  };
}

export function currentMobileApp(request: FastifyRequest): MobileAppCaller {
  if (!request.mobileApp) throw new WharfError('mobile_app_unauthenticated');
  return request.mobileApp;
}
