/**
 * WeChat's interaction UI drawn inside the frame: toast, loading, modal, action sheet and
 * the picker sheet. One toast/loading at a time, as in WeChat.
 */
export class Dialogs {
  private toast: HTMLElement | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly layer: HTMLElement) {}

  showToast(options: { title: string; icon: string; image?: string; duration: number; mask: boolean }): void {
    this.hideToast();
    const toast = document.createElement('div');
    toast.className = `wx-toast wx-toast-${options.icon}`;
    toast.setAttribute('role', 'status');
    if (options.icon !== 'none') {
      const icon = document.createElement('div');
      icon.className = 'wx-toast-icon';
      icon.textContent = options.icon === 'success' ? '✓' : options.icon === 'error' ? '✕' : '';
      toast.appendChild(icon);
    }
    const title = document.createElement('div');
    title.className = 'wx-toast-title';
    title.textContent = options.title;
    toast.appendChild(title);
    this.layer.appendChild(this.withMask(toast, options.mask));
    this.toast = toast;
    if (options.icon !== 'loading') this.toastTimer = setTimeout(() => this.hideToast(), options.duration);
  }

  hideToast(): void {
    clearTimeout(this.toastTimer);
    const node = this.toast?.parentElement?.classList.contains('wx-mask')
      ? this.toast.parentElement
      : this.toast;
    node?.remove();
    this.toast = null;
  }

  private withMask(node: HTMLElement, mask: boolean): HTMLElement {
    if (!mask) return node;
    const wrapper = document.createElement('div');
    wrapper.className = 'wx-mask wx-mask-transparent';
    wrapper.appendChild(node);
    return wrapper;
  }

  showModal(options: {
    title: string;
    content: string;
    showCancel: boolean;
    cancelText: string;
    cancelColor: string;
    confirmText: string;
    confirmColor: string;
    editable: boolean;
    placeholderText: string;
  }): Promise<{ confirm: boolean; cancel: boolean; content?: string }> {
    return new Promise((resolve) => {
      const mask = document.createElement('div');
      mask.className = 'wx-mask';
      const dialog = document.createElement('div');
      dialog.className = 'wx-modal';
      dialog.setAttribute('role', 'dialog');
      if (options.title) {
        const title = document.createElement('div');
        title.className = 'wx-modal-title';
        title.textContent = options.title;
        dialog.appendChild(title);
      }
      let input: HTMLInputElement | null = null;
      if (options.editable) {
        input = document.createElement('input');
        input.className = 'wx-modal-input';
        input.placeholder = options.placeholderText;
        input.value = options.content;
        dialog.appendChild(input);
      } else if (options.content) {
        const content = document.createElement('div');
        content.className = 'wx-modal-content';
        content.textContent = options.content;
        dialog.appendChild(content);
      }
      const buttons = document.createElement('div');
      buttons.className = 'wx-modal-buttons';
      const close = (confirm: boolean) => {
        mask.remove();
        const result: { confirm: boolean; cancel: boolean; content?: string } = { confirm, cancel: !confirm };
        if (input) result.content = input.value;
        resolve(result);
      };
      const addButton = (className: string, text: string, color: string, confirmed: boolean) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = className;
        button.textContent = text;
        button.style.color = color;
        button.addEventListener('click', () => close(confirmed));
        buttons.appendChild(button);
      };
      if (options.showCancel) addButton('wx-modal-cancel', options.cancelText, options.cancelColor, false);
      addButton('wx-modal-confirm', options.confirmText, options.confirmColor, true);
      dialog.appendChild(buttons);
      mask.appendChild(dialog);
      this.layer.appendChild(mask);
    });
  }

  showActionSheet(options: {
    itemList: string[];
    itemColor: string;
    alertText?: string;
  }): Promise<number | null> {
    return this.sheet(options.itemList, options.itemColor, options.alertText, 'wx-action-sheet');
  }

  /** A bottom sheet of choices; resolves with the chosen index, or null when cancelled. */
  sheet(
    items: string[],
    color: string,
    header: string | undefined,
    className: string,
    selected = -1,
  ): Promise<number | null> {
    return new Promise((resolve) => {
      const mask = document.createElement('div');
      mask.className = 'wx-mask';
      const sheet = document.createElement('div');
      sheet.className = `wx-sheet ${className}`;
      sheet.setAttribute('role', 'menu');
      if (header) {
        const alert = document.createElement('div');
        alert.className = 'wx-sheet-header';
        alert.textContent = header;
        sheet.appendChild(alert);
      }
      const done = (value: number | null) => {
        mask.remove();
        resolve(value);
      };
      items.forEach((text, index) => {
        const item = document.createElement('button');
        item.type = 'button';
        item.className = `wx-sheet-item${index === selected ? ' wx-sheet-item-selected' : ''}`;
        item.setAttribute('role', 'menuitem');
        item.textContent = text;
        item.style.color = color;
        item.addEventListener('click', () => done(index));
        sheet.appendChild(item);
      });
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'wx-sheet-cancel';
      cancel.textContent = '取消';
      cancel.addEventListener('click', () => done(null));
      sheet.appendChild(cancel);
      mask.addEventListener('click', (event) => {
        if (event.target === mask) done(null);
      });
      mask.appendChild(sheet);
      this.layer.appendChild(mask);
    });
  }

  /** Date and time pickers: a native input in a sheet. */
  pickValue(type: 'date' | 'time', value: string, start?: string, end?: string): Promise<string | null> {
    return new Promise((resolve) => {
      const mask = document.createElement('div');
      mask.className = 'wx-mask';
      const sheet = document.createElement('div');
      sheet.className = 'wx-sheet wx-picker-sheet';
      const input = document.createElement('input');
      input.type = type;
      input.className = 'wx-picker-input';
      input.value = value;
      if (start) input.min = start;
      if (end) input.max = end;
      const done = (result: string | null) => {
        mask.remove();
        resolve(result);
      };
      const ok = document.createElement('button');
      ok.type = 'button';
      ok.className = 'wx-sheet-item wx-picker-confirm';
      ok.textContent = '确定';
      ok.addEventListener('click', () => done(input.value));
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'wx-sheet-cancel';
      cancel.textContent = '取消';
      cancel.addEventListener('click', () => done(null));
      sheet.append(input, ok, cancel);
      mask.appendChild(sheet);
      this.layer.appendChild(mask);
    });
  }
}
