import { api } from '../../lib/api';
import type { MiniProgramTarget } from './target';

/**
 * Asks whether a mini program kept in the background may come back to the front: undefined when
 * it may (or the server cannot be reached: the frame still runs), else the server's refusal.
 */
export async function stillOpen(target: MiniProgramTarget): Promise<unknown> {
  try {
    const { error } = await api.GET('/api/v1/launch/{appid}/status', {
      params: { path: { appid: target.appid }, query: target.version ? { version: target.version } : {} },
    });
    return error;
  } catch {
    return undefined;
  }
}
