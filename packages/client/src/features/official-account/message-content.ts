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
      fields: Array<[string, string, string?]>;
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

/** Template messages: `data` fields with values and colours, opening a page (1043) or a URL. */
function templateContent(body: Record<string, unknown>): MessageContent {
  const data = obj(body.data);
  const fields: Array<[string, string, string?]> = Object.entries(data).map(([key, raw]) => {
    const field = obj(raw);
    return [key, str(field.value), str(field.color) || undefined];
  });
  const mini = obj(body.miniprogram);
  const appid = str(mini.appid) || str(body.appid);
  const pagepath = str(mini.pagepath) || str(body.pagepath);
  return {
    type: 'template',
    title: str(body.title) || str(obj(data.first).value),
    fields,
    target: appid ? { appid, pagepath, scene: Number(body.scene) || TEMPLATE_SCENE } : undefined,
    url: str(body.url) || undefined,
  };
}
