/**
 * WXML builtins whose HTML namesakes would behave unlike WeChat's: an HTML `<button>` never
 * stretches to its container with `width: auto`, swallows mouse events when disabled and
 * draws its own border; a `<progress>` holds no children. Their DOM nodes are `wx-<tag>`, as in WeChat's web renderer, and
 * WXSS type selectors are renamed to match (`button` → `wx-button`, build/wxss.ts).
 */
export const DOM_TAG_NAMES: Readonly<Record<string, string>> = {
  button: 'wx-button',
  // An HTML <progress> can hold no children: WeChat's bar has its `show-info` text beside it.
  progress: 'wx-progress',
};

const TYPE_SELECTOR_RE = new RegExp(
  `(^|[\\s>+~(,*|])(${Object.keys(DOM_TAG_NAMES).join('|')})(?![\\w-])`,
  'g',
);

/** Renames type selectors in a selector fragment outside `[...]` (`button:after` → `wx-button:after`). */
export function renameTypeSelectors(text: string): string {
  return text.replace(
    TYPE_SELECTOR_RE,
    (_m, before: string, tag: string) => `${before}${DOM_TAG_NAMES[tag]}`,
  );
}
