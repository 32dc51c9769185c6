import type { Context } from '../../context.ts';

const DEMO_TEMPLATE = 'TM00015';

/**
 * The demo's service account gets the payment template (industries 互联网/电子商务 and 消费品) and,
 * once, one message to each follower that opens the linked mini program's entry page (scene 1043).
 * Through the same service the WeChat API uses. Idempotent: a re-run sends nothing.
 */
export async function seedDemoTemplates(
  ctx: Context,
  input: { accountAppid: string; miniProgramAppid?: string; openids: string[] },
): Promise<{ templateId: string }> {
  const templates = ctx.oaTemplates;
  const account = await ctx.officialAccounts.accounts.byAppid(input.accountAppid);
  if (!(await templates.getIndustry(account.id)).primary_industry) {
    await templates.setIndustry(account.id, 1, 31);
  }
  const templateId = await templates.ensureTemplate(account.id, DEMO_TEMPLATE);
  if ((await templates.sentCount(account.id)) > 0) return { templateId };
  const pagepath = input.miniProgramAppid
    ? await ctx.officialAccounts.links.entryPageOf(input.miniProgramAppid)
    : undefined;
  for (const openid of input.openids) {
    await templates.send(account.id, {
      touser: openid,
      templateId,
      url: 'https://demo.wharf.local/orders/1001',
      miniprogram:
        input.miniProgramAppid && pagepath !== undefined
          ? { appid: input.miniProgramAppid, pagepath }
          : undefined,
      data: {
        first: { value: '我们已收到您的货款，开始为您打包商品', color: '#173177' },
        orderMoneySum: { value: '30.00元' },
        orderProductName: { value: '码头商城 · 帆布包' },
        Remark: { value: '点击查看订单详情' },
      },
    });
  }
  return { templateId };
}
