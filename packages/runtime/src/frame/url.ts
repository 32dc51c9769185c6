/** Page URLs as `wx.navigateTo({ url })` takes them: relative to the current page, with a query string. */
import { resolveFrom } from '../shared/paths.ts';

export interface PageUrl {
  route: string;
  query: Record<string, string>;
}

export function parsePageUrl(url: string, currentRoute: string | undefined): PageUrl {
  const [pathPart = '', queryPart = ''] = url.split('?', 2) as [string?, string?];
  const route =
    pathPart.startsWith('/') || currentRoute === undefined
      ? resolveFrom('', pathPart)
      : resolveFrom(currentRoute, pathPart);
  // WeChat hands query values to onLoad as written (a caller decodes them if it encoded them).
  const query: Record<string, string> = {};
  for (const pair of queryPart.split('&')) {
    if (pair === '') continue;
    const index = pair.indexOf('=');
    if (index < 0) query[pair] = '';
    else query[pair.slice(0, index)] = pair.slice(index + 1);
  }
  return { route: route.replace(/\.html$/, ''), query };
}

export function formatPageUrl(route: string, query: Record<string, string>): string {
  const search = Object.entries(query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return search ? `${route}?${search}` : route;
}
