/**
 * Push XML as WeChat writes it: `<xml>` around the fields in the order given, text in CDATA,
 * numbers bare. Nested objects become nested elements; an array repeats its element (WeChat's
 * `<PicList><item>…</item><item>…</item></PicList>`).
 */

export type PushValue = string | number | PushFields | PushFields[];
export interface PushFields {
  [field: string]: PushValue;
}

/**
 * Fields WeChat writes bare. A string value of one of these that is a number is written bare
 * too: a 64-bit MsgId does not fit a JavaScript number, so it is carried as a string.
 */
const BARE_FIELDS = new Set([
  'CreateTime',
  'MsgId',
  'MsgID',
  'MsgDataId',
  'Idx',
  'Location_X',
  'Location_Y',
  'Scale',
  'Latitude',
  'Longitude',
  'Precision',
  'Count',
  'ArticleCount',
  'TotalCount',
  'FilterCount',
  'SentCount',
  'ErrorCount',
  'SuccTime',
  'FailTime',
  'DelayTime',
  'MenuId',
]);

const NUMERIC = /^-?\d+(\.\d+)?$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** CDATA cannot hold `]]>`: split it across two sections, as XML writers do. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function element(name: string, value: PushValue): string {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (typeof value === 'number') return `<${name}>${Number.isFinite(value) ? value : 0}</${name}>`;
  if (typeof value === 'string') {
    const bare = BARE_FIELDS.has(name) && NUMERIC.test(value);
    return `<${name}>${bare ? value : cdata(value)}</${name}>`;
  }
  return `<${name}>${body(value)}</${name}>`;
}

function body(fields: PushFields): string {
  return Object.entries(fields)
    .map(([name, value]) => element(name, value))
    .join('');
}

export function buildXml(fields: PushFields): string {
  return `<xml>${body(fields)}</xml>`;
}

/** Safe mode's body: only the addressee and the ciphertext. */
export function encryptedEnvelope(toUserName: string, encrypt: string): string {
  return `<xml><ToUserName>${cdata(toUserName)}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>`;
}

/** Compatible mode's body: the plain fields with the ciphertext beside them. */
export function compatibleEnvelope(fields: PushFields, encrypt: string): string {
  return `<xml>${body(fields)}<Encrypt>${cdata(encrypt)}</Encrypt></xml>`;
}
