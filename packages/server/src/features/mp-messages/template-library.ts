/**
 * The platform's library of mini program message templates: titles, each with keywords a
 * developer picks from (WeChat: 2 to 5 for a subscription template). `rule` is the keyword's
 * value type in WeChat's terms (thing, number, time, …): a subscription template's keys are
 * `rule + kid` (`thing1`), a 2017 template's are `keyword1…` in the order picked.
 */
export interface LibraryKeyword {
  kid: number;
  name: string;
  rule: KeywordRule;
  example: string;
}

export interface LibraryTitle {
  tid: number;
  title: string;
  /** 2 one-time subscription, 3 long-term. */
  type: 2 | 3;
  categoryId: number;
  keywords: LibraryKeyword[];
}

export type KeywordRule =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

export const KEYWORD_RULES: readonly KeywordRule[] = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
];

/**
 * What a fresh platform's library holds (migration 0021 writes it; admins edit the rows after).
 * Category ids are second-level ids of the category seed (801 快递、物流, 209 预约/报名).
 */
export const LIBRARY_SEED: readonly LibraryTitle[] = [
  {
    tid: 1401,
    title: '订单发货通知',
    type: 2,
    categoryId: 801,
    keywords: [
      { kid: 1, name: '商品名称', rule: 'thing', example: '夏季新款T恤' },
      { kid: 2, name: '订单编号', rule: 'character_string', example: 'SF20261201001' },
      { kid: 3, name: '发货时间', rule: 'time', example: '2026年12月01日 10:30' },
      { kid: 4, name: '快递公司', rule: 'thing', example: '顺丰速运' },
      { kid: 5, name: '订单金额', rule: 'amount', example: '99.00元' },
    ],
  },
  {
    tid: 1402,
    title: '预约成功通知',
    type: 2,
    categoryId: 209,
    keywords: [
      { kid: 1, name: '预约项目', rule: 'thing', example: '理发' },
      { kid: 2, name: '预约时间', rule: 'time', example: '2026年12月02日 14:00' },
      { kid: 3, name: '门店地址', rule: 'thing', example: '深圳市南山区科技园' },
      { kid: 4, name: '联系电话', rule: 'phone_number', example: '0755-12345678' },
      { kid: 5, name: '备注', rule: 'thing', example: '请提前十分钟到店' },
    ],
  },
  {
    tid: 1403,
    title: '活动报名结果通知',
    type: 2,
    categoryId: 209,
    keywords: [
      { kid: 1, name: '活动名称', rule: 'thing', example: '周末读书会' },
      { kid: 2, name: '报名结果', rule: 'phrase', example: '报名成功' },
      { kid: 3, name: '活动日期', rule: 'date', example: '2026年12月06日' },
      { kid: 4, name: '参与人数', rule: 'number', example: '12' },
      { kid: 5, name: '报名人', rule: 'name', example: '张三' },
    ],
  },
];

/** The 2017 library's ids look like `AT0002`. */
export const legacyId = (tid: number): string => `AT${String(tid).padStart(4, '0')}`;
/** The tid an `AT…` id names, if it is one. */
export const tidOfLegacyId = (id: string): number | undefined =>
  /^AT\d{4,9}$/.test(id) ? Number(id.slice(2)) : undefined;

/** WeChat's caps per value type (subscription messages): length, and the characters allowed. */
const RULES: Record<KeywordRule, { max: number; pattern?: RegExp }> = {
  thing: { max: 20 },
  number: { max: 32, pattern: /^-?\d+(\.\d+)?$/ },
  letter: { max: 32, pattern: /^[A-Za-z]+$/ },
  symbol: { max: 5, pattern: /^[^\p{L}\p{N}\s]+$/u },
  character_string: { max: 32, pattern: /^[\x21-\x7e]+$/ },
  time: { max: 40, pattern: /\d/ },
  date: { max: 40, pattern: /\d/ },
  amount: { max: 32, pattern: /^[¥￥]?-?\d+(\.\d{1,2})?元?$/ },
  phone_number: { max: 17, pattern: /^[+\d][\d\s-]*$/ },
  car_number: { max: 8, pattern: /^[\p{Script=Han}A-Z0-9]+$/u },
  name: { max: 10 },
  phrase: { max: 5, pattern: /^\p{Script=Han}+$/u },
};

/** Why a value breaks its keyword's rule, or undefined when it fits. */
export function ruleViolation(rule: KeywordRule, value: string): string | undefined {
  const spec = RULES[rule];
  if (value === '') return 'empty';
  if ([...value].length > spec.max) return `a ${rule} holds at most ${spec.max} characters`;
  if (spec.pattern && !spec.pattern.test(value)) return `not a valid ${rule}`;
  return undefined;
}
