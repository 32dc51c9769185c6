/** The dev page's texts: zh-CN first, English on the switch (i18next, as the client does). */
import i18next from 'i18next';

const zhCN = {
  title: 'Wharf 开发预览',
  relaunch: '重新启动',
  back: '返回',
  share: '分享菜单',
  path: '页面',
  query: '参数',
  scene: '场景值',
  console: '控制台',
  clear: '清空',
  buildErrors: '编译错误',
  runtimeError: '运行错误',
  buildFailed: '无法编译',
  dismiss: '关闭',
  built: '已编译 {{files}}（{{ms}} ms）',
  reloaded: '已重新加载 {{route}}（{{ms}} ms）',
  painted: '已显示 {{route}}（{{ms}} ms）',
  skipped: '已跳过（文件类型不允许）：{{path}}',
  language: 'English',
  appData: 'AppData',
  wxml: 'WXML',
  storage: '存储',
  clearStorage: '清除全部',
  remove: '删除',
  storageEmpty: '没有存储的数据',
  storageInfo: '{{count}} 个键，{{kb}} KB',
  noPage: '没有打开的页面',
  unsupported: '不支持的 API',
  pending: '等待结果…',
  dropped: '过多的记录：{{count}} 条未显示',
  restored: '已恢复页面栈：{{stack}}',
  stack: '页面栈',
};
type Texts = typeof zhCN;
const en: Texts = {
  title: 'Wharf developer preview',
  relaunch: 'Relaunch',
  back: 'Back',
  share: 'Share menu',
  path: 'Page',
  query: 'Query',
  scene: 'Scene',
  console: 'Console',
  clear: 'Clear',
  buildErrors: 'Build errors',
  runtimeError: 'Runtime error',
  buildFailed: 'Cannot build',
  dismiss: 'Dismiss',
  built: 'built {{files}} ({{ms}} ms)',
  reloaded: 'reloaded {{route}} ({{ms}} ms)',
  painted: 'painted {{route}} ({{ms}} ms)',
  skipped: 'skipped (file type not allowed): {{path}}',
  language: '中文',
  appData: 'AppData',
  wxml: 'WXML',
  storage: 'Storage',
  clearStorage: 'Clear all',
  remove: 'Remove',
  storageEmpty: 'Nothing stored',
  storageInfo: '{{count}} keys, {{kb}} KB',
  noPage: 'No page is open',
  unsupported: 'unsupported API',
  pending: 'waiting for a result…',
  dropped: 'too many entries: {{count}} not shown',
  restored: 'page stack restored: {{stack}}',
  stack: 'Page stack',
};

export type TextKey = keyof Texts;

export async function initTexts(): Promise<void> {
  await i18next.init({
    lng: localStorage.getItem('wharf-dev-language') === 'en' ? 'en' : 'zh-CN',
    fallbackLng: 'zh-CN',
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
}

export const t = (key: TextKey, values: Record<string, string | number> = {}): string =>
  i18next.t(key, values) as string;

export async function switchLanguage(): Promise<void> {
  const next = i18next.language === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('wharf-dev-language', next === 'en' ? 'en' : 'zh-CN');
  await i18next.changeLanguage(next);
  document.documentElement.lang = next;
}
