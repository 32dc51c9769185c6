/**
 * Form builtins: input, textarea, button, checkbox(-group), radio(-group), switch, slider,
 * picker, form. Each control that can carry a form value answers `__wxFormValue()`;
 * `<form>` collects them (and `wx://form-field` custom components) by `name` on submit.
 */
import * as glassEasel from 'glass-easel';
import {
  type Caller,
  callerOf,
  composedComponents,
  flag,
  hostElement,
  INTERNAL_EVENT,
} from './host-element.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;
type Listener = (this: Caller, ...args: never[]) => unknown;

const on = (caller: Caller, type: string, listener: (event: { detail: unknown }) => unknown) =>
  caller._$.addListener(type, listener as never);

function textField(tag: 'input' | 'textarea'): Def {
  return {
    properties: {
      value: { type: null, value: '' },
      type: { type: String, value: 'text' },
      password: Boolean,
      placeholder: String,
      placeholderClass: String,
      placeholderStyle: String,
      disabled: Boolean,
      maxlength: { type: Number, value: 140 },
      focus: Boolean,
      autoFocus: Boolean,
      autoHeight: Boolean,
      confirmType: String,
      name: String,
      // Accepted for compatibility; they tune a native keyboard the browser does not have.
      cursor: null,
      cursorSpacing: null,
      confirmHold: null,
      holdKeyboard: null,
      adjustPosition: null,
      selectionStart: null,
      selectionEnd: null,
      alwaysEmbed: null,
      fixed: null,
      showConfirmBar: null,
      disableDefaultPadding: null,
    },
    observers: {
      'value, type, password, placeholder, disabled, maxlength, focus, autoHeight': function (this: Caller) {
        (this.__sync as Listener).call(this);
      },
    },
    lifetimes: {
      attached(this: Caller) {
        const element = hostElement(this) as HTMLInputElement;
        element.addEventListener('input', () => {
          this.setData({ value: element.value });
          (this.__fitHeight as Listener).call(this);
          this.triggerEvent('input', {
            value: element.value,
            cursor: element.selectionStart ?? 0,
            keyCode: 0,
          });
        });
        element.addEventListener('focus', () =>
          this.triggerEvent('focus', { value: element.value, height: 0 }),
        );
        element.addEventListener('blur', () => this.triggerEvent('blur', { value: element.value }));
        element.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' && tag === 'input')
            this.triggerEvent('confirm', { value: element.value });
        });
        (this.__sync as Listener).call(this);
        if (this.data.focus || this.data.autoFocus) setTimeout(() => element.focus(), 0);
      },
    },
    methods: {
      __sync(this: Caller) {
        const element = hostElement(this) as HTMLInputElement;
        if (!element) return;
        const value =
          this.data.value === undefined || this.data.value === null ? '' : String(this.data.value);
        if (element.value !== value) element.value = value;
        if (tag === 'input') {
          const type = String(this.data.type);
          element.type = this.data.password
            ? 'password'
            : type === 'number' || type === 'digit'
              ? 'text'
              : 'text';
          element.inputMode = type === 'number' ? 'numeric' : type === 'digit' ? 'decimal' : 'text';
        }
        element.placeholder = String(this.data.placeholder ?? '');
        element.disabled = Boolean(this.data.disabled);
        const max = Number(this.data.maxlength);
        if (max >= 0) element.maxLength = max;
        else element.removeAttribute('maxlength');
        (this.__fitHeight as Listener).call(this);
      },
      /** textarea `auto-height`: as tall as its lines (over any style height), `linechange` when their count changes. */
      __fitHeight(this: Caller) {
        const element = hostElement(this) as HTMLTextAreaElement;
        if (tag !== 'textarea' || !element?.isConnected || !this.data.autoHeight) return;
        element.style.overflowY = 'hidden';
        // An HTML textarea is two rows high when empty; WeChat's starts at one line.
        element.rows = 1;
        element.style.minHeight = '0';
        element.style.setProperty('height', 'auto', 'important');
        const content = element.scrollHeight;
        if (content === 0) return;
        const computed = getComputedStyle(element);
        const lineHeight =
          Number.parseFloat(computed.lineHeight) || Number.parseFloat(computed.fontSize) * 1.2 || 20;
        // Whole lines: glyphs taller than the line box add a pixel or two to scrollHeight.
        const lineCount = Math.max(1, Math.round(content / lineHeight));
        const height = Math.round(lineCount * lineHeight);
        element.style.setProperty('height', `${height}px`, 'important');
        if (lineCount === this.__lineCount) return;
        const first = this.__lineCount === undefined;
        this.__lineCount = lineCount;
        if (!first)
          this.triggerEvent('linechange', {
            height,
            heightRpx: Math.round((height * 750) / window.innerWidth),
            lineCount,
          });
      },
      __wxFormValue(this: Caller) {
        return (hostElement(this) as HTMLInputElement).value;
      },
      __wxFormReset(this: Caller) {
        this.setData({ value: '' });
      },
    },
  };
}

const OPEN_TYPE_EVENTS: Record<string, string> = {
  getUserInfo: 'getuserinfo',
  contact: 'contact',
  getPhoneNumber: 'getphonenumber',
  openSetting: 'opensetting',
  chooseAvatar: 'chooseavatar',
  launchApp: 'launchapp',
  feedback: 'feedback',
  agreePrivacyAuthorization: 'agreeprivacyauthorization',
};

const button: Def = {
  properties: {
    type: { type: String, value: 'default' },
    size: { type: String, value: 'default' },
    plain: Boolean,
    disabled: Boolean,
    loading: Boolean,
    formType: String,
    openType: String,
    hoverClass: { type: String, value: 'button-hover' },
    hoverStopPropagation: Boolean,
    hoverStartTime: { type: Number, value: 20 },
    hoverStayTime: { type: Number, value: 70 },
    lang: String,
    sessionFrom: String,
    sendMessageTitle: String,
    sendMessagePath: String,
    sendMessageImg: String,
    appParameter: String,
    showMessageCard: Boolean,
    businessId: String,
    ariaLabel: String,
  },
  observers: {
    'type, size, plain, disabled, loading': function (this: Caller) {
      const element = hostElement(this);
      if (!element) return;
      // A wx-button node (shared/dom-tags.ts): `disabled` is an attribute, and taps still arrive, as on WeChat.
      flag(element, 'disabled', Boolean(this.data.disabled));
      element.setAttribute('wx-type', String(this.data.type || 'default'));
      element.setAttribute('wx-size', String(this.data.size || 'default'));
      flag(element, 'wx-plain', Boolean(this.data.plain));
      flag(element, 'wx-loading', Boolean(this.data.loading));
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      element.setAttribute('role', 'button');
      element.setAttribute('wx-type', String(this.data.type || 'default'));
      element.setAttribute('wx-size', String(this.data.size || 'default'));
      flag(element, 'disabled', Boolean(this.data.disabled));
      on(this, 'tap', () => {
        if (this.data.disabled || this.data.loading) return;
        const formType = this.data.formType;
        if (formType === 'submit') this.triggerEvent('wxformsubmit', {}, INTERNAL_EVENT);
        if (formType === 'reset') this.triggerEvent('wxformreset', {}, INTERNAL_EVENT);
        const openType = String(this.data.openType ?? '');
        if (openType === 'share') {
          platform.shareFromButton({ id: this._$.id, dataset: { ...(this._$.dataset ?? {}) } });
        } else if (OPEN_TYPE_EVENTS[openType]) {
          const eventName = OPEN_TYPE_EVENTS[openType];
          const args = openType === 'contact' ? { sessionFrom: String(this.data.sessionFrom ?? '') } : {};
          platform.openTypeDetail(openType, args).then(
            (detail) => this.triggerEvent(eventName, detail),
            (error) => platform.reportError(error),
          );
        }
      });
    },
  },
};

function toggle(group: string | null, eventName: string, exclusive: boolean): Def {
  return {
    properties: {
      value: { type: null, value: '' },
      checked: Boolean,
      disabled: Boolean,
      color: String,
      name: String,
    },
    observers: {
      'checked, disabled': function (this: Caller) {
        const element = hostElement(this);
        if (!element) return;
        flag(element, 'wx-checked', Boolean(this.data.checked));
        flag(element, 'wx-disabled', Boolean(this.data.disabled));
      },
    },
    lifetimes: {
      attached(this: Caller) {
        on(this, 'tap', () => {
          (this.__toggle as () => void).call(this);
        });
      },
    },
    methods: {
      __toggle(this: Caller) {
        if (this.data.disabled) return;
        if (exclusive && this.data.checked) return;
        this.setData({ checked: !this.data.checked });
        if (group) this.triggerEvent(eventName, { value: this.data.value }, INTERNAL_EVENT);
        else this.triggerEvent('change', { value: this.data.checked });
      },
      ...(group
        ? {}
        : {
            __wxFormValue(this: Caller) {
              return Boolean(this.data.checked);
            },
            __wxFormReset(this: Caller) {
              this.setData({ checked: false });
            },
          }),
    },
  };
}

const TOGGLES = new Set(['wx-builtin/checkbox', 'wx-builtin/radio', 'wx-builtin/switch']);

/** `<label>`: a tap on its text toggles the first checkbox, radio or switch inside it. */
export const label: Def = {
  properties: { for: String },
  lifetimes: {
    attached(this: Caller) {
      on(this, 'tap', (event) => {
        const target = (event as unknown as { target?: glassEasel.Element & { _$?: glassEasel.Element } })
          .target;
        let node: glassEasel.Element | undefined = target?._$ ?? target;
        for (; node && node !== this._$; node = node.getComposedParent() ?? undefined) {
          if (glassEasel.Component.isComponent(node) && TOGGLES.has((node as glassEasel.GeneralComponent).is))
            return;
        }
        const control = composedComponents(this._$).find((c) => TOGGLES.has(c.is));
        if (control) (callerOf(control).__toggle as () => void).call(callerOf(control));
      });
    },
  },
};

function group(memberPath: string, eventName: string, single: boolean): Def {
  const members = (caller: Caller) =>
    composedComponents(caller._$)
      .filter((c) => c.is === memberPath)
      .map(callerOf);
  return {
    properties: { name: String },
    lifetimes: {
      attached(this: Caller) {
        on(this, eventName, (event) => {
          if (single) {
            const chosen = (event.detail as { value: unknown }).value;
            for (const member of members(this)) {
              if (member.data.value !== chosen && member.data.checked) member.setData({ checked: false });
            }
          }
          this.triggerEvent('change', { value: (this.__wxFormValue as () => unknown).call(this) });
          return false;
        });
      },
    },
    methods: {
      __wxFormValue(this: Caller) {
        const checked = members(this)
          .filter((m) => m.data.checked)
          .map((m) => String(m.data.value));
        return single ? (checked[0] ?? '') : checked;
      },
      __wxFormReset(this: Caller) {
        for (const member of members(this)) member.setData({ checked: false });
      },
    },
  };
}

const slider: Def = {
  properties: {
    min: { type: Number, value: 0 },
    max: { type: Number, value: 100 },
    step: { type: Number, value: 1 },
    value: { type: Number, value: 0 },
    disabled: Boolean,
    showValue: Boolean,
    activeColor: String,
    backgroundColor: String,
    blockSize: { type: Number, value: 28 },
    blockColor: String,
    name: String,
  },
  observers: {
    'min, max, value, activeColor, backgroundColor, blockSize, blockColor': function (this: Caller) {
      (this.__paint as () => void).call(this);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      // Observers run while the component is created, before its host node exists: paint now too.
      (this.__paint as () => void).call(this);
      const range = hostElement(this).querySelector('input');
      if (!range) return;
      range.addEventListener('input', () => {
        this.setData({ value: Number(range.value) });
        this.triggerEvent('changing', { value: Number(range.value) });
      });
      range.addEventListener('change', () => this.triggerEvent('change', { value: Number(range.value) }));
    },
  },
  methods: {
    /**
     * Drawn by frame.css from custom properties: the track left of the block in activeColor,
     * the rest in backgroundColor, a round block of blockSize (12–28) in blockColor.
     */
    __paint(this: Caller) {
      // On the range input (the builtin's own node): a `style` the owner writes on <slider> would replace the host's.
      const element = hostElement(this)?.querySelector('input');
      if (!element) return;
      const min = Number(this.data.min);
      const span = Number(this.data.max) - min;
      const fill = span > 0 ? Math.min(100, Math.max(0, ((Number(this.data.value) - min) / span) * 100)) : 0;
      const size = Math.min(28, Math.max(12, Number(this.data.blockSize) || 28));
      const set = (name: string, value: unknown, fallback: string) =>
        element.style.setProperty(name, typeof value === 'string' && value !== '' ? value : fallback);
      set('--wx-slider-active', this.data.activeColor, '#1aad19');
      set('--wx-slider-background', this.data.backgroundColor, '#e9e9e9');
      set('--wx-slider-block', this.data.blockColor, '#ffffff');
      element.style.setProperty('--wx-slider-block-size', `${size}px`);
      element.style.setProperty('--wx-slider-fill', `${fill}%`);
    },
    __wxFormValue(this: Caller) {
      return Number(this.data.value);
    },
    __wxFormReset(this: Caller) {
      this.setData({ value: this.data.min });
    },
  },
};

const picker: Def = {
  properties: {
    mode: { type: String, value: 'selector' },
    range: { type: Array, value: [] },
    rangeKey: String,
    value: { type: null, value: 0 },
    disabled: Boolean,
    start: String,
    end: String,
    fields: String,
    headerText: String,
    customItem: String,
    level: { type: String, value: 'region' },
    name: String,
  },
  lifetimes: {
    attached(this: Caller) {
      on(this, 'tap', () => {
        if (this.data.disabled) return;
        const mode = String(this.data.mode);
        const label = (item: unknown) =>
          String(
            this.data.rangeKey && item && typeof item === 'object'
              ? (item as Def)[String(this.data.rangeKey)]
              : item,
          );
        const range = (this.data.range as unknown[]) ?? [];
        const request =
          mode === 'region'
            ? {
                mode,
                value: Array.isArray(this.data.value) ? this.data.value.map(String) : [],
                customItem: String(this.data.customItem ?? ''),
                level: String(this.data.level || 'region'),
              }
            : mode === 'date' || mode === 'time'
              ? { mode, value: String(this.data.value ?? ''), start: this.data.start, end: this.data.end }
              : mode === 'multiSelector'
                ? {
                    mode,
                    columns: range.map((column) => ((column as unknown[]) ?? []).map(label)),
                    value: (this.data.value as number[]) ?? [],
                  }
                : { mode: 'selector', items: range.map(label), value: Number(this.data.value) || 0 };
        platform.pick(request as never).then((value) => {
          if (value === null) {
            this.triggerEvent('cancel', {});
            return;
          }
          if (mode === 'region') {
            // WeChat's detail also has `postcode`: the region table has none, so it is left out.
            const { value: names, code } = value as { value: string[]; code: string[] };
            this.setData({ value: names });
            this.triggerEvent('change', { value: names, code });
            return;
          }
          this.setData({ value });
          this.triggerEvent('change', { value });
        }, platform.reportError);
      });
    },
  },
  methods: {
    __wxFormValue(this: Caller) {
      return this.data.value;
    },
  },
};

export function formBehaviorChecks(formField: { _$: unknown }): Def {
  return {
    properties: { reportSubmit: Boolean, reportSubmitTimeout: Number },
    lifetimes: {
      attached(this: Caller) {
        on(this, 'wxformsubmit', () => {
          const value: Record<string, unknown> = {};
          for (const component of composedComponents(this._$)) {
            const caller = callerOf(component);
            const name = caller.data?.name;
            if (typeof name !== 'string' || name === '') continue;
            if (typeof caller.__wxFormValue === 'function')
              value[name] = (caller.__wxFormValue as () => unknown).call(caller);
            else if (component.hasBehavior(formField._$ as never)) value[name] = caller.data.value;
          }
          if (!this.data.reportSubmit) this.triggerEvent('submit', { value });
          // The form_id comes from the host (a server-side id bound to the user), then the submit fires.
          else
            platform.formId().then(
              (formId) => this.triggerEvent('submit', { value, formId }),
              (error) => platform.reportError(error),
            );
          return false;
        });
        on(this, 'wxformreset', () => {
          for (const component of composedComponents(this._$)) {
            const caller = callerOf(component);
            if (typeof caller.__wxFormReset === 'function') (caller.__wxFormReset as () => void).call(caller);
          }
          this.triggerEvent('reset', {});
          return false;
        });
      },
    },
  };
}

export const FORM_CONTROLS = (formField: { _$: unknown }): Array<[string, Def, string]> => [
  ['input', textField('input'), ''],
  ['textarea', textField('textarea'), ''],
  ['button', button, 'slot'],
  ['checkbox', toggle('checkbox-group', 'wxcheckboxchange', false), 'checkbox'],
  ['checkbox-group', group('wx-builtin/checkbox', 'wxcheckboxchange', false), 'slot'],
  ['radio', toggle('radio-group', 'wxradiochange', true), 'radio'],
  ['radio-group', group('wx-builtin/radio', 'wxradiochange', true), 'slot'],
  ['switch', toggle(null, 'change', false), 'switch'],
  ['slider', slider, 'slider'],
  ['picker', picker, 'slot'],
  ['form', formBehaviorChecks(formField), 'slot'],
  ['label', label, 'slot'],
];
