import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import type { Follower, OfficialAccount, Tag } from './types';

const PAGE_SIZE = 20;

/** The account's tags, reloadable (the followers page, broadcasts and conditional menus use them). */
export function useTags(accountId: string) {
  const [tags, setTags] = useState<Tag[]>([]);
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/official-accounts/{id}/tags', {
      params: { path: { id: accountId } },
    });
    setTags(data ?? []);
  }, [accountId]);
  useEffect(() => {
    void load();
  }, [load]);
  return { tags, reload: load };
}

/** 用户管理: followers a page at a time, search, tags (create, rename, delete) and tagging. */
export function FollowersPanel(props: { account: OfficialAccount }) {
  const { t } = useTranslation();
  const { account } = props;
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [followers, setFollowers] = useState<{ total: number; items: Follower[] }>({ total: 0, items: [] });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [tagFor, setTagFor] = useState('');
  const [newTag, setNewTag] = useState('');
  const [editing, setEditing] = useState<{ id: number; name: string } | undefined>();
  const { tags, reload } = useTags(account.id);
  const creating = useSubmit();
  const renaming = useSubmit();
  const acting = useSubmit();

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/official-accounts/{id}/followers', {
      params: {
        path: { id: account.id },
        query: { page, size: PAGE_SIZE, ...(query ? { search: query } : {}) },
      },
    });
    setFollowers(data ?? { total: 0, items: [] });
  }, [account.id, page, query]);
  useEffect(() => {
    void load();
  }, [load]);

  const pages = Math.max(1, Math.ceil(followers.total / PAGE_SIZE));
  const tagName = (id: number) => tags.find((tag) => tag.id === id)?.name ?? String(id);

  async function create(event: React.FormEvent) {
    event.preventDefault();
    const ok = await creating.run(() =>
      api.POST('/api/v1/official-accounts/{id}/tags', {
        params: { path: { id: account.id } },
        body: { name: newTag },
      }),
    );
    if (ok) {
      setNewTag('');
      await reload();
    }
  }

  async function rename(event: React.FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const ok = await renaming.run(() =>
      api.PUT('/api/v1/official-accounts/{id}/tags/{tagId}', {
        params: { path: { id: account.id, tagId: editing.id } },
        body: { name: editing.name },
      }),
    );
    if (ok) {
      setEditing(undefined);
      await Promise.all([reload(), load()]);
    }
  }

  async function remove(tag: Tag) {
    const ok = await acting.run(() =>
      api.DELETE('/api/v1/official-accounts/{id}/tags/{tagId}', {
        params: { path: { id: account.id, tagId: tag.id } },
      }),
    );
    if (ok) await Promise.all([reload(), load()]);
  }

  async function setTagged(tagged: boolean) {
    if (!tagFor || chosen.size === 0) return;
    const ok = await acting.run(() =>
      api.POST('/api/v1/official-accounts/{id}/tags/{tagId}/members', {
        params: { path: { id: account.id, tagId: Number(tagFor) } },
        body: { openids: [...chosen], tagged },
      }),
    );
    if (ok) {
      setChosen(new Set());
      await Promise.all([reload(), load()]);
    }
  }

  function toggle(openid: string) {
    const next = new Set(chosen);
    if (next.has(openid)) next.delete(openid);
    else next.add(openid);
    setChosen(next);
  }

  return (
    <div className="followers-layout">
      <div className="card followers">
        <h2>{t('oaPages.followers.title', { count: followers.total })}</h2>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            setPage(1);
            setQuery(search.trim());
          }}
        >
          <Field label={t('oaPages.followers.search')}>
            {(a) => <input {...a} value={search} onChange={(e) => setSearch(e.target.value)} />}
          </Field>
          <button type="submit">{t('oaPages.followers.find')}</button>
        </form>
        {followers.items.length === 0 && <p className="muted">{t('oaPages.followers.none')}</p>}
        <table>
          <thead>
            <tr>
              <th />
              <th>{t('oaPages.followers.nickname')}</th>
              <th>OpenID</th>
              <th>{t('oaPages.followers.since')}</th>
              <th>{t('oaPages.followers.tags')}</th>
            </tr>
          </thead>
          <tbody>
            {followers.items.map((follower) => (
              <tr key={follower.openid} className="follower-row" data-openid={follower.openid}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={follower.nickname}
                    checked={chosen.has(follower.openid)}
                    onChange={() => toggle(follower.openid)}
                  />
                </td>
                <td>
                  <a
                    className="follower-link"
                    href={`#/official-accounts/${account.id}/followers/${follower.openid}`}
                  >
                    {follower.remark ? `${follower.nickname}（${follower.remark}）` : follower.nickname}
                  </a>
                </td>
                <td>
                  <code>{follower.openid}</code>
                </td>
                <td>{new Date(follower.subscribedAt).toLocaleString()}</td>
                <td className="follower-tags">
                  {follower.tagIds.map((id) => (
                    <span key={id} className="chip">
                      {tagName(id)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav className="pager" aria-label={t('oaPages.followers.pages')}>
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('oaPages.followers.previous')}
          </button>
          <span className="page-of">{t('oaPages.followers.pageOf', { page, pages })}</span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            {t('oaPages.followers.next')}
          </button>
        </nav>
        <div className="inline-form tagging">
          <Field label={t('oaPages.followers.tagChosen', { count: chosen.size })}>
            {(a) => (
              <select {...a} value={tagFor} onChange={(e) => setTagFor(e.target.value)}>
                <option value="">{t('oaPages.conditional.pickTag')}</option>
                {tags.map((tag) => (
                  <option key={tag.id} value={String(tag.id)}>
                    {tag.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" disabled={acting.busy} onClick={() => void setTagged(true)}>
            {t('oaPages.followers.addTag')}
          </button>
          <button type="button" disabled={acting.busy} onClick={() => void setTagged(false)}>
            {t('oaPages.followers.removeTag')}
          </button>
        </div>
        <FormError error={acting.error} />
      </div>

      <div className="card tags">
        <h2>{t('oaPages.tags.title')}</h2>
        <ul className="tag-list">
          {tags.map((tag) => (
            <li key={tag.id} className="tag-row" data-tag={tag.id}>
              {editing?.id === tag.id ? (
                <form className="inline-form" onSubmit={rename}>
                  <Field label={t('oaPages.tags.rename')} error={fieldError(renaming.error, 'name')}>
                    {(a) => (
                      <input
                        {...a}
                        value={editing.name}
                        onChange={(e) => setEditing({ id: tag.id, name: e.target.value })}
                      />
                    )}
                  </Field>
                  <button type="submit" disabled={renaming.busy}>
                    {t('oaPages.tags.save')}
                  </button>
                </form>
              ) : (
                <>
                  <span className="tag-name">{tag.name}</span>{' '}
                  <span className="muted">{t('oaPages.tags.count', { count: tag.count })}</span>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setEditing({ id: tag.id, name: tag.name })}
                  >
                    {t('oaPages.tags.edit')}
                  </button>
                  <button type="button" className="link" onClick={() => void remove(tag)}>
                    {t('oaPages.tags.delete')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <form className="inline-form" onSubmit={create}>
          <Field label={t('oaPages.tags.name')} error={fieldError(creating.error, 'name')}>
            {(a) => <input {...a} value={newTag} onChange={(e) => setNewTag(e.target.value)} />}
          </Field>
          <button type="submit" disabled={creating.busy}>
            {t('oaPages.tags.create')}
          </button>
        </form>
        <FormError error={creating.error} fields={['name']} />
        <FormError error={renaming.error} fields={['name']} />
      </div>
    </div>
  );
}
