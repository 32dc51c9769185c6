import type { Kysely } from 'kysely';

/**
 * Template messages (service accounts): the platform's library (seeded with a few templates in
 * WeChat's style, editable by platform admins), each account's industries and private templates,
 * and the sends (msgid, `client_msg_id` dedupe, daily quota).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oa_template_library')
    .addColumn('short_id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('industry_id', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('example', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('oa_industries')
    .addColumn('account_id', 'text', (c) =>
      c.primaryKey().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('primary_id', 'integer', (c) => c.notNull())
    .addColumn('secondary_id', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('oa_private_templates')
    .addColumn('template_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('short_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('industry_id', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('example', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oa_private_templates_account')
    .on('oa_private_templates')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('oa_template_sends')
    .addColumn('msgid', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('client_msg_id', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oa_template_sends_account')
    .on('oa_template_sends')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('oa_template_sends_dedupe')
    .on('oa_template_sends')
    .columns(['account_id', 'openid', 'client_msg_id'])
    .execute();
  const at = Date.UTC(2026, 11, 1);
  await db
    .insertInto('oa_template_library' as never)
    .values(
      SEED.map(([short_id, title, industry_id, content, example]) => ({
        short_id,
        title,
        industry_id,
        content,
        example,
        updated_at: at,
      })) as never,
    )
    .execute();
}

/** short id, title, industry id, content, example. Ids in WeChat's TM / OPENTM style. */
const SEED: Array<[string, string, number, string, string]> = [
  [
    'TM00015',
    '订单支付成功',
    1,
    '{{first.DATA}}\n\n支付金额：{{orderMoneySum.DATA}}\n商品信息：{{orderProductName.DATA}}\n{{Remark.DATA}}',
    '我们已收到您的货款，开始为您打包商品，请耐心等待: )\n支付金额：30.00元\n商品信息：我是商品名字\n\n如有问题请致电400-828-1878或直接在微信留言，小易将第一时间为您服务！',
  ],
  [
    'OPENTM207940503',
    '订单发货通知',
    13,
    '{{first.DATA}}\n快递公司：{{keyword1.DATA}}\n快递单号：{{keyword2.DATA}}\n发货时间：{{keyword3.DATA}}\n{{remark.DATA}}',
    '您的订单已发货\n快递公司：顺丰速运\n快递单号：SF1234567890\n发货时间：2026-12-01 10:30\n点击查看物流详情',
  ],
  [
    'OPENTM400231951',
    '预约成功通知',
    10,
    '{{first.DATA}}\n预约门店：{{keyword1.DATA}}\n预约时间：{{keyword2.DATA}}\n就餐人数：{{keyword3.DATA}}\n{{remark.DATA}}',
    '您已成功预约\n预约门店：南山店\n预约时间：12月1日 18:30\n就餐人数：4人\n请准时到店',
  ],
  [
    'OPENTM411083255',
    '课程开课提醒',
    16,
    '{{first.DATA}}\n课程名称：{{keyword1.DATA}}\n上课时间：{{keyword2.DATA}}\n上课地点：{{keyword3.DATA}}\n{{remark.DATA}}',
    '您报名的课程即将开课\n课程名称：小程序开发入门\n上课时间：12月3日 19:00\n上课地点：线上直播\n请提前进入教室',
  ],
  [
    'OPENTM200565259',
    '账户资金变动提醒',
    7,
    '{{first.DATA}}\n变动时间：{{keyword1.DATA}}\n变动金额：{{keyword2.DATA}}\n可用余额：{{keyword3.DATA}}\n{{remark.DATA}}',
    '您的账户有一笔资金变动\n变动时间：2026-12-01 09:00\n变动金额：-25.00元\n可用余额：975.00元\n如非本人操作请及时联系客服',
  ],
  [
    'OPENTM405637175',
    '待办事项提醒',
    2,
    '{{first.DATA}}\n待办内容：{{keyword1.DATA}}\n截止时间：{{keyword2.DATA}}\n{{remark.DATA}}',
    '您有一项待办事项\n待办内容：提交代码审核\n截止时间：2026-12-05 18:00\n点击查看详情',
  ],
];

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oa_template_sends').execute();
  await db.schema.dropTable('oa_private_templates').execute();
  await db.schema.dropTable('oa_industries').execute();
  await db.schema.dropTable('oa_template_library').execute();
}
