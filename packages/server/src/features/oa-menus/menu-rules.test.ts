import { describe, expect, it } from 'vitest';
import {
  BUTTON_TYPES,
  buttonAt,
  type MenuAudience,
  ruleMatches,
  utf8Bytes,
  validateMatchRule,
  validateMenu,
} from './menu-rules.ts';

const click = (name = '今日歌曲', key = 'V1001') => ({ type: 'click', name, key });
const view = (name = '搜索', url = 'https://www.example.com/') => ({ type: 'view', name, url });
const parent = (name: string, subs: unknown[]) => ({ name, sub_button: subs });
const menu = (...button: unknown[]) => ({ button });

/** One complete button of each type WeChat defines. */
const ofEveryType: Record<string, Record<string, string>> = {
  click: { key: 'K' },
  view: { url: 'https://a.example/' },
  miniprogram: { url: 'https://a.example/', appid: 'wx0123456789abcdef', pagepath: 'pages/index/index' },
  scancode_push: { key: 'K' },
  scancode_waitmsg: { key: 'K' },
  pic_sysphoto: { key: 'K' },
  pic_photo_or_album: { key: 'K' },
  pic_weixin: { key: 'K' },
  location_select: { key: 'K' },
  media_id: { media_id: 'MEDIA' },
  view_limited: { media_id: 'MEDIA' },
  article_id: { article_id: 'ARTICLE' },
  article_view_limited: { article_id: 'ARTICLE' },
};

describe('validateMenu', () => {
  it.each(BUTTON_TYPES.map((type) => [type]))('accepts a %s button with the fields it requires', (type) => {
    const button = { type, name: 'b', ...ofEveryType[type] };
    const verdict = validateMenu(menu(button));
    expect(verdict).toEqual({ ok: true, buttons: [button] });
    // The same button as a sub-button.
    expect(validateMenu(menu(parent('p', [button])))).toMatchObject({ ok: true });
  });

  it('keeps only the fields a type uses and reads `sub_button: []` (menu/get output) as a leaf', () => {
    const verdict = validateMenu(
      menu({ type: 'click', name: 'a', key: 'k', url: 'https://x.example/', sub_button: [], extra: 1 }),
    );
    expect(verdict).toEqual({ ok: true, buttons: [{ type: 'click', name: 'a', key: 'k' }] });
  });

  it('counts names in UTF-8 bytes: a CJK character is 3', () => {
    expect(utf8Bytes('菜单')).toBe(6);
    expect(validateMenu(menu(click('一二三四五')))).toMatchObject({ ok: true }); // 15 bytes
    expect(validateMenu(menu(click('一二三四五六')))).toMatchObject({
      ok: false,
      refusal: { code: 'menu_button_name', field: 'button[0].name' },
    }); // 18 bytes
    expect(validateMenu(menu(click('abcdefghijklmnop')))).toMatchObject({ ok: true }); // 16
    expect(validateMenu(menu(parent('p', [click('一'.repeat(20))])))).toMatchObject({ ok: true }); // 60
  });

  const x = (n: number) => 'x'.repeat(n);
  const cases: Array<[string, unknown, string, string]> = [
    ['no body', undefined, 'menu_button_count', 'button'],
    ['button is not a list', { button: {} }, 'menu_button_count', 'button'],
    ['no buttons', menu(), 'menu_button_count', 'button'],
    ['four buttons', menu(click(), click(), click(), click()), 'menu_button_count', 'button'],
    ['a button that is not an object', menu('click'), 'menu_button_type', 'button[0]'],
    ['an unknown type', menu({ type: 'news', name: 'a', key: 'k' }), 'menu_button_type', 'button[0].type'],
    ['no type and no sub-buttons', menu({ name: 'a' }), 'menu_button_type', 'button[0].type'],
    ['no name', menu({ type: 'click', key: 'k' }), 'menu_button_name', 'button[0].name'],
    ['an empty name', menu(click('')), 'menu_button_name', 'button[0].name'],
    ['a 17-byte name', menu(click(x(17))), 'menu_button_name', 'button[0].name'],
    ['a click without key', menu({ type: 'click', name: 'a' }), 'menu_button_key', 'button[0].key'],
    ['a 129-byte key', menu(click('a', x(129))), 'menu_button_key', 'button[0].key'],
    [
      'a location_select without key',
      menu({ type: 'location_select', name: 'a' }),
      'menu_button_key',
      'button[0].key',
    ],
    ['a view without url', menu({ type: 'view', name: 'a' }), 'menu_button_url', 'button[0].url'],
    ['a 1025-byte url', menu(view('a', `https://a.example/${x(1007)}`)), 'menu_button_url', 'button[0].url'],
    [
      'a url that is not http(s)',
      menu(view('a', 'javascript:alert(1)')),
      'menu_button_url_domain',
      'button[0].url',
    ],
    [
      'a miniprogram without fallback url',
      menu({ type: 'miniprogram', name: 'a', appid: 'wx0123456789abcdef', pagepath: 'pages/a' }),
      'menu_button_url',
      'button[0].url',
    ],
    [
      'a miniprogram without appid',
      menu({ type: 'miniprogram', name: 'a', url: 'https://a.example/', pagepath: 'pages/a' }),
      'menu_miniprogram_appid',
      'button[0].appid',
    ],
    [
      'a miniprogram without pagepath',
      menu({ type: 'miniprogram', name: 'a', url: 'https://a.example/', appid: 'wx0123456789abcdef' }),
      'menu_miniprogram_pagepath',
      'button[0].pagepath',
    ],
    [
      'a media_id without media_id',
      menu({ type: 'media_id', name: 'a' }),
      'menu_media_id',
      'button[0].media_id',
    ],
    [
      'a view_limited without media_id',
      menu({ type: 'view_limited', name: 'a' }),
      'menu_media_id',
      'button[0].media_id',
    ],
    [
      'an article_id without article_id',
      menu({ type: 'article_id', name: 'a' }),
      'menu_article_id',
      'button[0].article_id',
    ],
    [
      'six sub-buttons',
      menu(parent('p', Array(6).fill(click()))),
      'menu_sub_button_count',
      'button[0].sub_button',
    ],
    [
      'sub_button that is not a list',
      menu({ name: 'p', sub_button: { list: [] } }),
      'menu_sub_button_count',
      'button[0].sub_button',
    ],
    ['a 17-byte parent name', menu(parent(x(17), [click()])), 'menu_button_name', 'button[0].name'],
    [
      'a third level',
      menu(parent('p', [parent('q', [click()])])),
      'menu_sub_level',
      'button[0].sub_button[0].sub_button',
    ],
    [
      'a sub-button of unknown type',
      menu(parent('p', [{ type: 'x', name: 'a' }])),
      'menu_sub_button_type',
      'button[0].sub_button[0].type',
    ],
    [
      'a sub-button that is not an object',
      menu(parent('p', [1])),
      'menu_sub_button_type',
      'button[0].sub_button[0]',
    ],
    [
      'a 61-byte sub name',
      menu(parent('p', [click(x(61))])),
      'menu_sub_button_name',
      'button[0].sub_button[0].name',
    ],
    [
      'a 21-character CJK sub name',
      menu(parent('p', [click('一'.repeat(21))])),
      'menu_sub_button_name',
      'button[0].sub_button[0].name',
    ],
    [
      'a 129-byte sub key',
      menu(parent('p', [click('a', x(129))])),
      'menu_sub_button_key',
      'button[0].sub_button[0].key',
    ],
    [
      'a sub view without url',
      menu(parent('p', [{ type: 'view', name: 'a' }])),
      'menu_sub_button_url',
      'button[0].sub_button[0].url',
    ],
    [
      'a sub url that is not http(s)',
      menu(parent('p', [view('a', 'ftp://a.example/')])),
      'menu_sub_button_url_domain',
      'button[0].sub_button[0].url',
    ],
    [
      'a fault in the third button',
      menu(click(), view(), click(x(17))),
      'menu_button_name',
      'button[2].name',
    ],
  ];
  it.each(cases)('refuses %s', (_what, body, code, field) => {
    expect(validateMenu(body)).toEqual({ ok: false, refusal: { code, field } });
  });

  it('accepts the limits exactly: 3 buttons, 5 sub-buttons, 128-byte key, 1024-byte url', () => {
    const url = `https://a.example/${x(1024 - 'https://a.example/'.length)}`;
    expect(utf8Bytes(url)).toBe(1024);
    const full = menu(parent('p', Array(5).fill(click('a', x(128)))), view('v', url), click());
    expect(validateMenu(full)).toMatchObject({ ok: true });
  });
});

describe('validateMatchRule', () => {
  const rules: Array<[string, unknown, { code: string; field: string } | Record<string, string>]> = [
    ['no rule', undefined, { code: 'menu_matchrule_empty', field: 'matchrule' }],
    ['an empty rule', {}, { code: 'menu_matchrule_empty', field: 'matchrule' }],
    ['only empty strings', { sex: '', tag_id: '' }, { code: 'menu_matchrule_empty', field: 'matchrule' }],
    [
      'a province without country',
      { province: '广东' },
      { code: 'menu_region_country', field: 'matchrule.country' },
    ],
    [
      'a city without province',
      { country: '中国', city: '广州' },
      { code: 'menu_region_province', field: 'matchrule.province' },
    ],
    ['sex 3', { sex: '3' }, { code: 'menu_matchrule_invalid', field: 'matchrule.sex' }],
    [
      'platform 4',
      { client_platform_type: 4 },
      { code: 'menu_matchrule_invalid', field: 'matchrule.client_platform_type' },
    ],
    [
      'an unknown language',
      { language: 'xx' },
      { code: 'menu_matchrule_invalid', field: 'matchrule.language' },
    ],
    [
      'a tag that is not a number',
      { tag_id: 'vip' },
      { code: 'menu_matchrule_invalid', field: 'matchrule.tag_id' },
    ],
  ];
  it.each(rules)('refuses %s', (_what, rule, refusal) => {
    expect(validateMatchRule(rule)).toEqual({ ok: false, refusal });
  });

  it('reads numbers as strings and group_id as tag_id', () => {
    expect(validateMatchRule({ group_id: 2, sex: 1, client_platform_type: '2', language: 'zh_CN' })).toEqual({
      ok: true,
      rule: { tag_id: '2', sex: '1', client_platform_type: '2', language: 'zh_CN' },
    });
  });
});

describe('ruleMatches', () => {
  const follower: MenuAudience = {
    tagIds: [2, 5],
    sex: 2,
    country: '中国',
    province: '广东',
    city: '广州',
    language: 'zh_CN',
    platform: '1',
  };
  const table: Array<[Record<string, string>, boolean]> = [
    [{ tag_id: '5' }, true],
    [{ tag_id: '3' }, false],
    [{ sex: '2' }, true],
    [{ sex: '1' }, false],
    [{ country: '中国', province: '广东', city: '广州' }, true],
    [{ country: '中国', province: '广东', city: '深圳' }, false],
    [{ language: 'en' }, false],
    [{ client_platform_type: '1' }, true],
    [{ client_platform_type: '2' }, false],
    [{ sex: '2', tag_id: '2', language: 'zh_CN' }, true],
  ];
  it.each(table)('rule %j matches: %s', (rule, expected) => {
    expect(ruleMatches(rule, follower)).toBe(expected);
  });

  it('does not match a platform rule when the platform is unknown (trymatch)', () => {
    expect(ruleMatches({ client_platform_type: '3' }, { ...follower, platform: undefined })).toBe(false);
  });
});

describe('buttonAt', () => {
  const verdict = validateMenu(menu(click(), parent('p', [view(), click('s', 'S')])));
  if (!verdict.ok) throw new Error('fixture');
  it('finds leaves by position and refuses parents and gaps', () => {
    expect(buttonAt(verdict.buttons, 0)?.key).toBe('V1001');
    expect(buttonAt(verdict.buttons, 1)).toBeUndefined();
    expect(buttonAt(verdict.buttons, 1, 1)?.key).toBe('S');
    expect(buttonAt(verdict.buttons, 1, 2)).toBeUndefined();
    expect(buttonAt(verdict.buttons, 2)).toBeUndefined();
    expect(buttonAt(verdict.buttons, 0, 0)).toBeUndefined();
  });
});
