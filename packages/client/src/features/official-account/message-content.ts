import type { MiniProgramTarget } from '../container/target';

/** What a conversation entry shows: one shape per way of drawing it. */
export type MessageContent =
  | { type: 'text'; text: string }
  | { type: 'location'; label: string }
  | { type: 'image'; mediaId: string }
  | { type: 'media'; label: 'voice' | 'video' }
  | { type: 'link'; title: string; description: string; url: string }
  | {
      type: 'miniprogram';
      title: string;
      titleEn?: string;
      appName?: string;
      thumbMediaId?: string;
      target: MiniProgramTarget;
    }
  | {
      type: 'template';
      title: string;
      /** The template's lines with their values: `支付金额：30.00元` has a label, `{{first.DATA}}` none. */
      rows: TemplateRow[];
      target?: MiniProgramTarget;
      url?: string;
    }
  | { type: 'unsupported' };

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const obj = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Link notifications and customer-service cards open their page with 1074; template messages with 1043. */
const CARD_SCENE = 1074;
const TEMPLATE_SCENE = 1043;

/**
 * Reads an entry's body as its sending feature shaped it: the user's own messages
 * (`{type, content}`), passive replies (`{type, …}`), customer-service and broadcast messages
 * (`{msgtype, …}`), link notifications and template messages.
 */
export function messageContent(kind: string, body: Record<string, unknown>): MessageContent {
  if (kind === 'link_notice') {
    return {
      type: 'miniprogram',
      title: str(body.title),
      titleEn: str(body.titleEn) || undefined,
      appName: str(body.appName) || undefined,
      target: {
        appid: str(body.appid),
        pagepath: str(body.pagepath),
        scene: Number(body.scene) || CARD_SCENE,
      },
    };
  }
  if (kind === 'template') return templateContent(body);
  const type = str(body.msgtype) || str(body.type);
  switch (type) {
    case 'text':
      return { type: 'text', text: str(body.content) || str(obj(body.text).content) };
    case 'location':
      return { type: 'location', label: str(body.label) };
    case 'image': {
      const ids = Array.isArray(body.mediaIds) ? body.mediaIds : [body.mediaId];
      return { type: 'image', mediaId: str(ids[0]) };
    }
    case 'voice':
    case 'video':
      return { type: 'media', label: type };
    case 'link':
      return { type: 'link', title: str(body.title), description: str(body.description), url: str(body.url) };
    case 'news': {
      const first = obj(Array.isArray(body.articles) ? body.articles[0] : undefined);
      return {
        type: 'link',
        title: str(first.title),
        description: str(first.description),
        url: str(first.url),
      };
    }
    case 'miniprogrampage':
      return {
        type: 'miniprogram',
        title: str(body.title),
        thumbMediaId: str(body.thumbMediaId) || undefined,
        target: {
          appid: str(body.appid),
          pagepath: str(body.pagepath),
          scene: Number(body.scene) || CARD_SCENE,
        },
      };
    default:
      return { type: 'unsupported' };
  }
}

export interface TemplateRow {
  label?: string;
  value: string;
  color?: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g;
/** `支付金额：{{orderMoneySum.DATA}}`: a label and one value. */
const LABELLED = /^([^{}：:]+)[：:]\s*\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}$/;

/**
 * A template message as WeChat shows it: the template's content line by line with each
 * `{{key.DATA}}` replaced by its value in its colour; a line `标签：{{key.DATA}}` shows as label and
 * value. The server sends `content` and `fields` ({key, value, color}).
 */
function templateRows(
  content: string,
  fields: Record<string, { value: string; color?: string }>,
): TemplateRow[] {
  const rows: TemplateRow[] = [];
  for (const line of content.split('\n')) {
    const labelled = LABELLED.exec(line.trim());
    if (labelled) {
      const field = fields[labelled[2] as string];
      rows.push({ label: (labelled[1] as string).trim(), value: field?.value ?? '', color: field?.color });
      continue;
    }
    const keys = [...line.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
    const value = line.replace(PLACEHOLDER, (_all, key: string) => fields[key]?.value ?? '').trim();
    if (value) rows.push({ value, color: keys.length === 1 ? fields[keys[0] as string]?.color : undefined });
  }
  return rows;
}

/** Template messages: the template's lines with values and colours, opening a page (1043) or a URL. */
function templateContent(body: Record<string, unknown>): MessageContent {
  const fields: Record<string, { value: string; color?: string }> = {};
  for (const raw of Array.isArray(body.fields) ? body.fields : []) {
    const field = obj(raw);
    fields[str(field.key)] = { value: str(field.value), color: str(field.color) || undefined };
  }
  const mini = obj(body.miniprogram);
  const appid = str(mini.appid) || str(body.appid);
  const pagepath = str(mini.pagepath) || str(body.pagepath);
  return {
    type: 'template',
    title: str(body.title),
    rows: templateRows(str(body.content), fields),
    target: appid ? { appid, pagepath, scene: Number(body.scene) || TEMPLATE_SCENE } : undefined,
    url: str(body.url) || undefined,
  };
}
