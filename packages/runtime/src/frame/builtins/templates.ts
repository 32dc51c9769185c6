/**
 * WXML of the builtin components that need more than their host element. Compiled in Node
 * when the frame bundle is built (see `runtime-assets.ts`); tags here are plain HTML nodes.
 * Classes use the `wxb` style scope, so they appear in the DOM as `wxb--name`.
 */
export const BUILTIN_TEMPLATES: Record<string, string> = {
  slot: '<slot />',
  image: '<div class="image-content" style="{{contentStyle}}"></div>',
  checkbox:
    "<span class=\"checkbox-input {{checked ? 'checked' : ''}} {{disabled ? 'disabled' : ''}}\" style=\"{{checked && color ? 'color:' + color : ''}}\"></span><slot />",
  radio:
    "<span class=\"radio-input {{checked ? 'checked' : ''}} {{disabled ? 'disabled' : ''}}\" style=\"{{checked && color ? 'background-color:' + color + ';border-color:' + color : ''}}\"></span><slot />",
  switch:
    "<span class=\"switch-input {{checked ? 'checked' : ''}}\" style=\"{{checked && color ? 'background-color:' + color + ';border-color:' + color : ''}}\"></span><slot />",
  slider:
    '<input class="slider-input" type="range" min="{{min}}" max="{{max}}" step="{{step}}" value="{{value}}" disabled="{{disabled}}" /><span wx:if="{{showValue}}" class="slider-value">{{value}}</span>',
  icon: '<span class="icon icon-{{type}}" style="font-size:{{size}}px;{{color ? \'color:\' + color : \'\'}}">{{glyph}}</span>',
  swiper:
    '<div class="swiper-track" style="{{trackStyle}}"><slot /></div><div wx:if="{{indicatorDots}}" class="swiper-dots"><span wx:for="{{dots}}" wx:key="*this" class="swiper-dot {{index === current ? \'active\' : \'\'}}" style="background-color:{{index === current ? indicatorActiveColor : indicatorColor}}"></span></div>',
  progress:
    '<div class="progress-bar" style="height:{{strokeWidth}}px;border-radius:{{borderRadius}}px;background-color:{{backgroundColor}}"><div class="progress-inner" style="width:{{shown}}%;border-radius:{{borderRadius}}px;background-color:{{color || activeColor}};transition:{{transition}}"></div></div><span wx:if="{{showInfo}}" class="progress-info" style="font-size:{{fontSize}}px">{{percentText}}%</span>',
  'picker-view':
    '<div class="picker-view-columns"><slot /></div><div class="picker-view-mask mask-class" style="{{maskStyle}}"></div><div class="picker-view-indicator indicator-class" style="{{indicatorStyle}}"></div>',
};
