/** The page shown inside the frame when a mini program's code or template fails. */
import type { RuntimeError } from './app-runtime.ts';

export function renderErrorPage(container: HTMLElement, title: string, error: RuntimeError): HTMLElement {
  const page = document.createElement('div');
  page.className = 'wx-error-page';
  page.setAttribute('role', 'alert');
  const heading = document.createElement('h1');
  heading.textContent = title;
  const where = document.createElement('p');
  where.className = 'wx-error-location';
  where.textContent = error.file
    ? `${error.file}${error.line === undefined ? '' : `:${error.line}:${error.column ?? 0}`}`
    : '';
  const message = document.createElement('pre');
  message.className = 'wx-error-message';
  message.textContent = error.message;
  page.append(heading, where, message);
  container.replaceChildren(page);
  return page;
}
