/**
 * Registers WeChat's builtin components (image, button, input, …) as glass-easel components
 * in the global code space, plus the builtin behaviours (`wx://form-field`, …).
 * Each host node keeps WeChat's tag name, so `button { }` in WXSS still matches.
 */

import templateGroup from 'wharf:builtin-templates';
import type * as glassEasel from 'glass-easel';
import type { CodeSpace } from 'glass-easel-miniprogram-adapter';
import { audio } from './audio.ts';
import { camera } from './camera.ts';
import { canvas } from './canvas.ts';
import { DISPLAY_COMPONENTS } from './display.ts';
import { editor } from './editor.ts';
import { FORM_CONTROLS } from './form-controls.ts';
import { matchMedia } from './match-media.ts';
import { movableArea, movableView } from './movable.ts';
import { officialAccount } from './official-account.ts';
import { openData } from './open-data.ts';
import { navigationBar, pageMeta } from './page-meta.ts';
import { pickerView } from './picker-view.ts';
import { rootPortal } from './root-portal.ts';
import { gridView, listView, stickyHeader, stickySection } from './skyline-layout.ts';
import { video } from './video.ts';
import { webView } from './web-view.ts';

export const BUILTIN_PREFIX = 'wx-builtin/';
const BUILTIN_STYLE_SCOPE = 'wxb';

export interface Builtins {
  components: Map<string, glassEasel.GeneralComponentDefinition>;
  behaviors: Map<string, unknown>;
}

export function defineBuiltins(space: CodeSpace): Builtins {
  const behaviors = new Map<string, unknown>();
  const formField = space.componentEnv('', ({ Behavior }) =>
    Behavior({
      properties: { name: { type: String, value: '' }, value: { type: null, value: '' } },
    } as never),
  );
  behaviors.set('wx://form-field', formField);
  for (const name of ['wx://form-field-group', 'wx://form-field-button', 'wx://component-export']) {
    behaviors.set(
      name,
      space.componentEnv('', ({ Behavior }) => Behavior({} as never)),
    );
  }

  const components = new Map<string, glassEasel.GeneralComponentDefinition>();
  for (const [tag, definition, template] of [
    ...FORM_CONTROLS(formField as never),
    ...DISPLAY_COMPONENTS,
    ['canvas', canvas, ''] as const,
    ['video', video, ''] as const,
    ['audio', audio, ''] as const,
    ['picker-view', pickerView, 'picker-view'] as const,
    ['picker-view-column', {}, 'slot'] as const,
    ['movable-area', movableArea, 'slot'] as const,
    ['movable-view', movableView, 'slot'] as const,
    ['web-view', webView, ''] as const,
    ['match-media', matchMedia, 'slot'] as const,
    ['root-portal', rootPortal, 'slot'] as const,
    ['editor', editor, ''] as const,
    ['camera', camera, ''] as const,
    ['page-meta', pageMeta, 'slot'] as const,
    ['navigation-bar', navigationBar, ''] as const,
    ['open-data', openData, ''] as const,
    ['list-view', listView, 'slot'] as const,
    ['grid-view', gridView, 'slot'] as const,
    ['sticky-section', stickySection, 'slot'] as const,
    ['sticky-header', stickyHeader, 'slot'] as const,
    ['official-account', officialAccount, ''] as const,
  ]) {
    const path = `${BUILTIN_PREFIX}${tag}`;
    space.addComponentStaticConfig(path, { component: true });
    space.addStyleSheet(path, undefined, BUILTIN_STYLE_SCOPE);
    if (template) {
      space.addCompiledTemplate(path, {
        groupList: templateGroup as never,
        content: templateGroup[template] as never,
      });
    }
    const type = space.componentEnv(path, ({ Component }) =>
      Component({ ...definition, options: { multipleSlots: true } } as never),
    ) as unknown as { _$: glassEasel.GeneralComponentDefinition };
    components.set(tag, type._$);
  }
  return { components, behaviors };
}
