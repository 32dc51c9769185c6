/** 最近使用: the mini programs a user opened on this device, newest first (WeChat keeps a list too). */
export interface RecentMiniProgram {
  appid: string;
  name: string;
}

const MAX_RECENT = 10;
const key = (userId: string) => `wharf.client.recent.${userId}`;

export function recentMiniPrograms(userId: string): RecentMiniProgram[] {
  try {
    const list = JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as RecentMiniProgram[];
    return Array.isArray(list) ? list.filter((r) => typeof r?.appid === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberMiniProgram(userId: string, opened: RecentMiniProgram): void {
  const list = [opened, ...recentMiniPrograms(userId).filter((r) => r.appid !== opened.appid)];
  localStorage.setItem(key(userId), JSON.stringify(list.slice(0, MAX_RECENT)));
  window.dispatchEvent(new Event('wharf-recent'));
}
