/**
 * Reads docs/runtime.md's support table and counts it: rows per area, and builtin components
 * and wx APIs by name (each name's status is that of the first row naming it in its area).
 * The wx API names are the runtime's own (every `wx.<name> =` in src/frame, and the names that
 * exist only to fail); the components are WeChat's builtin component list. A name the table
 * does not mention is an error, so the counts cannot leave anything out.
 *
 *   npx tsx packages/runtime/scripts/support-table.ts           # prints the counts and lists
 *   npx tsx packages/runtime/scripts/support-table.ts --write   # writes both count lines into docs/runtime.md
 *
 * test/support-table.test.ts checks the lines docs/runtime.md states against these.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNSUPPORTED_APIS } from '../src/frame/wx/unsupported-names.ts';

export type Status = 'supported' | 'partly' | 'not yet';
export const STATUSES: readonly Status[] = ['supported', 'partly', 'not yet'];

export interface Row {
  area: string;
  subject: string;
  status: string;
  notes: string;
}

/**
 * WeChat's builtin components (its component reference, 基础库 3.x), without the WXML
 * template tags (block, template, slot, import, include, wxs) that are not components.
 */
export const WECHAT_COMPONENTS = [
  // 视图容器
  'view',
  'scroll-view',
  'swiper',
  'swiper-item',
  'movable-area',
  'movable-view',
  'cover-view',
  'cover-image',
  'match-media',
  'page-container',
  'root-portal',
  'grid-view',
  'list-view',
  'sticky-header',
  'sticky-section',
  'share-element',
  // 基础内容
  'icon',
  'progress',
  'rich-text',
  'text',
  // 表单组件
  'button',
  'checkbox',
  'checkbox-group',
  'editor',
  'form',
  'input',
  'keyboard-accessory',
  'label',
  'picker',
  'picker-view',
  'picker-view-column',
  'radio',
  'radio-group',
  'slider',
  'switch',
  'textarea',
  // 导航
  'functional-page-navigator',
  'navigator',
  // 媒体组件
  'audio',
  'camera',
  'channel-live',
  'channel-video',
  'image',
  'live-player',
  'live-pusher',
  'video',
  'voip-room',
  // 地图, 画布, 开放能力, 原生组件说明, 无障碍访问, 导航栏, 页面属性配置节点
  'map',
  'canvas',
  'web-view',
  'ad',
  'ad-custom',
  'official-account',
  'open-data',
  'navigation-bar',
  'page-meta',
] as const;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const RUNTIME_DOC = here('../../../docs/runtime.md');

/** The table's rows, each with the area (the last bold heading row) it sits under. */
export function parseTable(markdown: string): Row[] {
  const section = markdown.split('## Support table')[1]?.split('\n## ')[0] ?? '';
  const rows: Row[] = [];
  let area = '';
  for (const line of section.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| area ') || line.startsWith('| ---')) continue;
    // Cells are split on pipes outside backticks (a note may quote `a | b`).
    const cells = line
      .slice(1, -1)
      .split(/\|(?=(?:[^`]*`[^`]*`)*[^`]*$)/)
      .map((c) => c.trim());
    const heading = /^\*\*(.+)\*\*$/.exec(cells[0] ?? '');
    if (heading) area = heading[1]!;
    else rows.push({ area, subject: cells[0] ?? '', status: cells[1] ?? '', notes: cells[2] ?? '' });
  }
  return rows;
}

/**
 * The names a row's first cell mentions, with WeChat's shorthands spelled out:
 * `getStorage(Sync)`, `checkbox(-group)`, `show/hideTabBar`, `setNavigationBarTitle/Color`,
 * `on…/off…` pairs written `(and off*)`, `on/off Canplay` (not wx names: ignored by callers).
 */
export function namesIn(subject: string): Set<string> {
  const names = new Set<string>();
  const text = subject.replace(/`/g, ' ');
  for (const [, word] of text.matchAll(/(?<![\w.-])([a-zA-Z][\w-]*)(?![\w-])/g)) names.add(word!);
  for (const [, base, suffix] of text.matchAll(/([a-zA-Z][\w-]*)\((-?\w+)\)/g)) {
    names.add(base!);
    names.add(`${base}${suffix}`);
  }
  for (const [, first, second, rest] of text.matchAll(/\b([a-z]+)\/([a-z]+)([A-Z]\w*)/g)) {
    names.add(`${first}${rest}`);
    names.add(`${second}${rest}`);
  }
  for (const [, base, first, second] of text.matchAll(/\b([a-z]\w*?)([A-Z][a-z]+)\/([A-Z][a-z]+)\b/g)) {
    names.add(`${base}${first}`);
    names.add(`${base}${second}`);
  }
  if (/\(and off\*\)/.test(text)) {
    for (const name of [...names]) if (/^on[A-Z]/.test(name)) names.add(`off${name.slice(2)}`);
  }
  return names;
}

/** Every `wx.<name>` the frame defines, the failing ones included. */
export function runtimeApiNames(): { defined: Set<string>; failing: Set<string> } {
  const defined = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const [, name] of readFileSync(path, 'utf8').matchAll(/\bwx\.([a-zA-Z]+) =[^=]/g))
          defined.add(name!);
      }
    }
  };
  walk(here('../src/frame'));
  return { defined, failing: new Set(UNSUPPORTED_APIS) };
}

export interface NameCount {
  byStatus: Record<Status, string[]>;
  /** Names no row of the area mentions: the table must be completed. */
  unlisted: string[];
}

function countNames(rows: Row[], names: Iterable<string>, fixed: Map<string, Status> = new Map()): NameCount {
  const byStatus: Record<Status, string[]> = { supported: [], partly: [], 'not yet': [] };
  const unlisted: string[] = [];
  const mentions = rows.map((row) => ({ row, names: namesIn(row.subject) }));
  for (const name of names) {
    const status = fixed.get(name) ?? mentions.find((m) => m.names.has(name))?.row.status;
    if (status && (STATUSES as readonly string[]).includes(status)) byStatus[status as Status].push(name);
    else unlisted.push(name);
  }
  return { byStatus, unlisted };
}

export interface SupportCounts {
  rowsByArea: Map<string, Record<Status, number>>;
  rows: Record<Status, number>;
  components: NameCount;
  /** Components whose own row is supported while a row about some of their attributes is not. */
  componentsWithOpenRows: string[];
  apis: NameCount;
}

export function supportCounts(markdown: string): SupportCounts {
  const rows = parseTable(markdown);
  const rowsByArea = new Map<string, Record<Status, number>>();
  const total: Record<Status, number> = { supported: 0, partly: 0, 'not yet': 0 };
  for (const row of rows) {
    if (!(STATUSES as readonly string[]).includes(row.status)) continue;
    const counts = rowsByArea.get(row.area) ?? { supported: 0, partly: 0, 'not yet': 0 };
    counts[row.status as Status]++;
    total[row.status as Status]++;
    rowsByArea.set(row.area, counts);
  }
  const componentRows = rows.filter((r) => r.area === 'Builtin components');
  const components = countNames(componentRows, WECHAT_COMPONENTS);
  const componentsWithOpenRows = components.byStatus.supported.filter((name) =>
    componentRows.some((r) => r.status !== 'supported' && namesIn(r.subject).has(name)),
  );
  const { defined, failing } = runtimeApiNames();
  // A name that exists only to fail is "not yet" whatever a row says.
  const fixed = new Map<string, Status>([...failing].map((name) => [name, 'not yet']));
  const apis = countNames(
    rows.filter((r) => r.area === 'wx API'),
    new Set([...defined, ...failing]),
    fixed,
  );
  return { rowsByArea, rows: total, components, componentsWithOpenRows, apis };
}

const triple = (c: Record<Status, number>) => `${c.supported} / ${c.partly} / ${c['not yet']}`;
const sizes = (c: NameCount) => ({
  supported: c.byStatus.supported.length,
  partly: c.byStatus.partly.length,
  'not yet': c.byStatus['not yet'].length,
});

/** The line docs/runtime.md states above the table. */
export function rowsLine(counts: SupportCounts): string {
  const areas = [...counts.rowsByArea].map(([area, c]) => `${area} ${triple(c)}`).join('; ');
  return `${areas}. In all ${triple(counts.rows)}.`;
}

/** The by-name counts docs/runtime.md states. */
export function namesLine(counts: SupportCounts): string {
  const c = sizes(counts.components);
  const a = sizes(counts.apis);
  return (
    `Builtin components by name (WeChat's ${WECHAT_COMPONENTS.length}): ${triple(c)}; ` +
    `wx APIs by name (the runtime's ${a.supported + a.partly + a['not yet']}): ${triple(a)}.`
  );
}

/** docs/runtime.md with its two count lines brought up to date. */
export function withCounts(markdown: string): string {
  const counts = supportCounts(markdown);
  return markdown
    .replace(
      /(several components or APIs\): ).*?In all \d+ \/ \d+ \/ \d+\./,
      (_m, lead) => `${lead}${rowsLine(counts)}`,
    )
    .replace(
      /Builtin components by name \(.*?wx APIs by name \(.*?\): \d+ \/ \d+ \/ \d+\./,
      namesLine(counts),
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const markdown = readFileSync(RUNTIME_DOC, 'utf8');
  if (process.argv.includes('--write')) writeFileSync(RUNTIME_DOC, withCounts(markdown));
  const counts = supportCounts(readFileSync(RUNTIME_DOC, 'utf8'));
  console.log(rowsLine(counts));
  console.log(namesLine(counts));
  for (const status of STATUSES) {
    console.log(`components ${status}: ${counts.components.byStatus[status].join(', ')}`);
    console.log(`APIs ${status}: ${counts.apis.byStatus[status].join(', ')}`);
  }
  console.log(`supported components with open attribute rows: ${counts.componentsWithOpenRows.join(', ')}`);
  if (counts.components.unlisted.length)
    console.log(`UNLISTED components: ${counts.components.unlisted.join(', ')}`);
  if (counts.apis.unlisted.length) console.log(`UNLISTED APIs: ${counts.apis.unlisted.join(', ')}`);
}
