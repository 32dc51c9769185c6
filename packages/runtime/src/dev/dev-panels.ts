/**
 * The panels beside the phone: the console (build and runtime lines, every `wx.*` call with
 * its outcome, the app's `console.*`), AppData (the current page's data), WXML (the rendered
 * tree) and storage. Everything the frame sent is set as text, never as HTML.
 */
import type { DevEvent, PageRef, WxmlNode } from '../shared/dev-events.ts';
import { decodeStorageValue } from '../shared/storage-codec.ts';
import { t } from './dev-i18n.ts';
import { formatBlock, formatValue } from './format-value.ts';

/** Oldest console rows go first past this. */
const MAX_ROWS = 1_000;

const $ = (id: string) => document.getElementById(id) as HTMLElement;

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function append(row: HTMLElement): void {
  const panel = $('dev-console');
  const follow = panel.scrollTop + panel.clientHeight >= panel.scrollHeight - 4;
  panel.appendChild(row);
  while (panel.childElementCount > MAX_ROWS) panel.firstElementChild?.remove();
  if (follow) panel.scrollTop = panel.scrollHeight;
}

export function logLine(level: 'info' | 'warn' | 'error', text: string): void {
  append(
    element(
      'div',
      `dev-log-${level}`,
      `${new Date().toLocaleTimeString(document.documentElement.lang)} ${text}`,
    ),
  );
}

export const pageUrl = (page: PageRef): string => {
  const query = new URLSearchParams(page.query).toString();
  return query ? `${page.route}?${query}` : page.route;
};

/** One mounted frame's events (call ids restart with each frame). */
export class DevSession {
  private readonly calls = new Map<number, HTMLElement>();
  private stack: PageRef[] = [];
  private data: unknown = null;
  private wxml: WxmlNode[] = [];

  handle(event: DevEvent): void {
    switch (event.kind) {
      case 'call': {
        const row = element('div', `dev-call${event.unsupported ? ' dev-log-warn' : ''}`);
        row.dataset.api = event.api;
        row.append(
          element('span', 'dev-call-api', `wx.${event.api}`),
          element('span', 'dev-call-args', `(${event.args.map((a) => formatValue(a)).join(', ')})`),
        );
        if (event.unsupported) row.append(element('span', 'dev-badge', t('unsupported')));
        row.append(element('span', 'dev-call-result dev-pending', t('pending')));
        this.calls.set(event.id, row);
        append(row);
        break;
      }
      case 'result': {
        const row = this.calls.get(event.id);
        if (!row) break;
        this.calls.delete(event.id);
        const failed = event.outcome === 'fail' || event.outcome === 'throw';
        const result = row.querySelector('.dev-call-result');
        if (result) {
          result.className = `dev-call-result dev-outcome-${event.outcome}`;
          result.textContent = `${failed ? '✗' : '→'} ${event.outcome} ${formatValue(event.value)} (${event.ms} ms)`;
        }
        if (failed)
          row.classList.add(row.classList.contains('dev-log-warn') ? 'dev-log-warn' : 'dev-log-error');
        // Also what the host cannot serve here (a service `wharf dev` has not): named as unsupported too.
        if (
          failed &&
          !row.querySelector('.dev-badge') &&
          /:fail not supported/.test(formatValue(event.value))
        )
          result?.before(element('span', 'dev-badge', t('unsupported')));
        row.dataset.outcome = event.outcome;
        break;
      }
      case 'console': {
        const level = event.level === 'error' ? 'error' : event.level === 'warn' ? 'warn' : 'info';
        const row = element('div', `dev-app-console dev-log-${level}`);
        row.dataset.level = event.level;
        row.append(
          element('span', 'dev-console-level', `console.${event.level}`),
          element('span', '', event.args.map((a) => formatValue(a, true)).join(' ')),
        );
        append(row);
        break;
      }
      case 'dropped':
        logLine('warn', t('dropped', { count: event.count }));
        break;
      case 'page':
        this.stack = event.stack;
        this.data = event.data;
        this.wxml = event.wxml;
        this.renderPage();
        break;
    }
  }

  renderPage(): void {
    $('dev-route').textContent = this.stack.map(pageUrl).join(' › ');
    const top = this.stack.at(-1);
    $('dev-appdata-route').textContent = top ? pageUrl(top) : t('noPage');
    $('dev-appdata').textContent = top ? formatBlock(this.data) : '';
    $('dev-wxml-route').textContent = top ? pageUrl(top) : t('noPage');
    const tree = $('dev-wxml');
    tree.replaceChildren(...this.wxml.flatMap((node) => wxmlLines(node, 0)));
  }
}

function wxmlLines(node: WxmlNode, depth: number): HTMLElement[] {
  const line = (...parts: Array<HTMLElement | string>) => {
    const row = element('div', 'dev-wxml-line');
    row.style.paddingLeft = `${depth * 14}px`;
    row.append(...parts);
    return row;
  };
  if ('text' in node) return [line(element('span', 'dev-wxml-text', String(node.text)))];
  const tag = String(node.tag);
  const open = line('<', element('span', 'dev-wxml-tag', tag));
  for (const [name, value] of Array.isArray(node.attrs) ? node.attrs : []) {
    open.append(' ', element('span', 'dev-wxml-attr', String(name)), '="');
    open.append(element('span', 'dev-wxml-value', String(value)), '"');
  }
  const children = Array.isArray(node.children) ? node.children : [];
  if (children.length === 0) {
    open.append(' />');
    return [open];
  }
  open.append('>');
  const only = children[0];
  if (children.length === 1 && only && 'text' in only) {
    open.append(
      element('span', 'dev-wxml-text', String(only.text)),
      '</',
      element('span', 'dev-wxml-tag', tag),
      '>',
    );
    return [open];
  }
  return [
    open,
    ...children.flatMap((child) => wxmlLines(child, depth + 1)),
    line('</', element('span', 'dev-wxml-tag', tag), '>'),
  ];
}

/** The storage panel: every key of the app's storage with its value, and a remove button each. */
export function renderStorage(entries: Record<string, string>, remove: (keys?: string[]) => void): void {
  const keys = Object.keys(entries).sort();
  const bytes = keys.reduce((sum, key) => sum + (key.length + (entries[key]?.length ?? 0)) * 2, 0);
  $('dev-storage-info').textContent =
    keys.length === 0
      ? t('storageEmpty')
      : t('storageInfo', { count: keys.length, kb: (bytes / 1024).toFixed(1) });
  const rows = keys.map((key) => {
    const row = element('tr', '');
    row.dataset.key = key;
    let value: string;
    try {
      const decoded = decodeStorageValue(entries[key] ?? '');
      value = decoded instanceof Date ? `Date(${decoded.toISOString()})` : formatBlock(decoded);
    } catch {
      value = entries[key] ?? '';
    }
    const button = element('button', 'dev-storage-remove', t('remove'));
    button.addEventListener('click', () => remove([key]));
    const action = element('td', '');
    action.append(button);
    row.append(element('td', 'dev-storage-key', key), element('td', 'dev-storage-value', value), action);
    return row;
  });
  $('dev-storage-rows').replaceChildren(...rows);
}
