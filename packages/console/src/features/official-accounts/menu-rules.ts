import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { MenuRules } from './types';

let cached: Promise<MenuRules | undefined> | undefined;

/**
 * WeChat's menu limits, button types and matchrule languages as the service holds them
 * (`GET /api/v1/official-accounts/menu-rules`): the editor restates none of them, so they
 * cannot drift from what the service refuses. Read once per page load.
 */
export function useMenuRules(): MenuRules | undefined {
  const [rules, setRules] = useState<MenuRules | undefined>();
  useEffect(() => {
    cached ??= api.GET('/api/v1/official-accounts/menu-rules').then(({ data }) => {
      if (!data) cached = undefined;
      return data;
    });
    let live = true;
    void cached.then((data) => {
      if (live) setRules(data);
    });
    return () => {
      live = false;
    };
  }, []);
  return rules;
}

/** The fields a button of this type sends beside its name; the service decides what is valid. */
export function fieldsOf(
  rules: MenuRules,
  type: string,
): Array<'key' | 'url' | 'appid' | 'pagepath' | 'media_id' | 'article_id'> {
  if (rules.keyTypes.includes(type)) return ['key'];
  switch (type) {
    case 'view':
      return ['url'];
    case 'miniprogram':
      return ['appid', 'pagepath', 'url'];
    case 'media_id':
    case 'view_limited':
      return ['media_id'];
    case 'article_id':
    case 'article_view_limited':
      return ['article_id'];
    default:
      return [];
  }
}
