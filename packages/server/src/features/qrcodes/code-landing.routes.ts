import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../../context.ts';
import { requestOrigin } from '../code/code.routes.ts';
import { CODE_PATH } from './codes.service.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** A self-contained page: inline styles only, no scripts, nothing loaded from elsewhere. */
const POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f2f2f2;color:#111}
main{max-width:28rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:12px;text-align:center}
h1{font-size:1.25rem}p{line-height:1.6}.en{color:#666;font-size:.9rem}
a.open{display:inline-block;margin-top:1rem;padding:.75rem 1.5rem;background:#07c160;color:#fff;border-radius:6px;text-decoration:none}</style>
</head><body><main>${body}</main></body></html>`;
}

/**
 * What an ordinary browser (a phone's camera app, say) shows for a mini program code's link
 * `/wxa/qr/<id>`: WeChat's scanner opens such codes itself; anywhere else the page says what the
 * code opens and hands the link to the client, whose scanner resolves it as a camera scan.
 */
export const codeLandingRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Params: { id: string } }>('/wxa/qr/:id', { schema: { hide: true } }, async (request, reply) => {
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-cache');
      const path = `/wxa/qr/${request.params.id}`;
      const code = CODE_PATH.test(path) ? await ctx.qrcodes.codes.lookup(request.params.id) : undefined;
      if (!code) {
        return reply
          .status(404)
          .send(
            page(
              '无效的小程序码',
              '<h1>无效的小程序码</h1><p>这个小程序码不存在或已失效。</p><p class="en" lang="en">This mini program code does not exist.</p>',
            ),
          );
      }
      const origin = requestOrigin(ctx, request);
      const open = `${origin}/client/#/scan?text=${encodeURIComponent(`${origin}${path}`)}`;
      const name = escapeHtml(code.name ?? code.appid);
      return reply.send(
        page(
          `${code.name ?? code.appid} · 小程序码`,
          `<h1>小程序「${name}」</h1>
<p>这是一个小程序码，请用 Wharf 客户端扫码，或点击下方按钮打开。</p>
<p class="en" lang="en">This is a mini program code of “${name}”. Scan it with the Wharf client, or open it there.</p>
<a class="open" href="${escapeHtml(open)}">在客户端中打开 · Open in the client</a>`,
        ),
      );
    });
  };
