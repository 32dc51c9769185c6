import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { fieldsOf, useMenuRules } from './menu-rules';
import type { LinkItem, MenuButton, MenuRules, OfficialAccount } from './types';

/** A conditional menu's rule as the editor holds it: WeChat's matchrule fields, empty = any. */
export type RuleFields = Record<(typeof RULE_FIELDS)[number], string>;
export const RULE_FIELDS = [
  'tag_id',
  'sex',
  'client_platform_type',
  'language',
  'country',
  'province',
  'city',
] as const;
const NO_RULE: RuleFields = {
  tag_id: '',
  sex: '',
  client_platform_type: '',
  language: '',
  country: '',
  province: '',
  city: '',
};

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Where a button sits: `[i]` top level, `[i, j]` a sub-button. */
type Place = [number] | [number, number];
const pathOf = (place: Place) =>
  place.length === 1 ? `button[${place[0]}]` : `button[${place[0]}].sub_button[${place[1]}]`;

/**
 * The released pages of a linked mini program. The account's admin reads them through the link
 * (they need not be a member of the mini program).
 */
export function useReleasedPages(accountId: string, appid: string | undefined) {
  const [pages, setPages] = useState<string[]>([]);
  useEffect(() => {
    setPages([]);
    if (!appid) return;
    void api
      .GET('/api/v1/official-accounts/{id}/links/{appid}/pages', {
        params: { path: { id: accountId, appid } },
      })
      .then(({ data }) => setPages(data?.pages ?? []));
  }, [accountId, appid]);
  return pages;
}

/** The account's linked mini programs (status 1), for the mini program pickers. */
export function useLinkedApps(accountId: string) {
  const [links, setLinks] = useState<LinkItem[]>([]);
  useEffect(() => {
    void api
      .GET('/api/v1/official-accounts/{id}/links', { params: { path: { id: accountId } } })
      .then(({ data }) =>
        setLinks(((data?.wxopens.items ?? []) as unknown as LinkItem[]).filter((l) => l.status === 1)),
      );
  }, [accountId]);
  return links;
}

/**
 * 自定义菜单: a phone with the menu bar, the selected button's editor, publish / delete / read back.
 * With `conditional`, the same editor composes a new conditional menu for a tag (个性化菜单).
 */
export function MenuEditor(props: {
  account: OfficialAccount;
  conditional?: { tags: Array<{ id: number; name: string }>; onAdded(): void };
}) {
  const { t } = useTranslation();
  const { account, conditional } = props;
  const [buttons, setButtons] = useState<MenuButton[]>([]);
  /** The menuid the editor started from (0: none), so a save over another tab's is refused. */
  const [revision, setRevision] = useState(0);
  const [rule, setRule] = useState<RuleFields>(NO_RULE);
  const rules = useMenuRules();
  const [place, setPlace] = useState<Place | undefined>();
  const [open, setOpen] = useState<number | undefined>();
  const [published, setPublished] = useState<string | undefined>();
  const submit = useSubmit();

  const links = useLinkedApps(account.id);

  /** The menu the service holds now and its revision; `keep` keeps the buttons being edited. */
  const readBack = useCallback(
    async (keep = false) => {
      const { data } = await api.GET('/api/v1/official-accounts/{id}/menu', {
        params: { path: { id: account.id } },
      });
      setRevision(data?.menu?.menuid ?? 0);
      if (keep) return;
      setButtons((data?.menu?.button as MenuButton[] | undefined) ?? []);
      setPlace(undefined);
    },
    [account.id],
  );
  useEffect(() => {
    if (!conditional) void readBack();
  }, [readBack, conditional]);

  const selected =
    place && (place.length === 1 ? buttons[place[0]] : buttons[place[0]]?.sub_button?.[place[1]]);
  const pages = useReleasedPages(account.id, selected?.type === 'miniprogram' ? selected.appid : undefined);

  function update(change: Partial<MenuButton>) {
    if (!place) return;
    setButtons(
      buttons.map((button, i) => {
        if (i !== place[0]) return button;
        if (place.length === 1) return { ...button, ...change };
        return {
          ...button,
          sub_button: button.sub_button?.map((sub, j) => (j === place[1] ? { ...sub, ...change } : sub)),
        };
      }),
    );
  }

  function addTop() {
    setButtons([
      ...buttons,
      { type: 'click', name: t('oa.menu.newButton'), key: `KEY_${buttons.length + 1}` },
    ]);
    setPlace([buttons.length]);
  }

  function addSub(i: number) {
    const button = buttons[i]!;
    const subs = button.sub_button ?? [];
    const sub: MenuButton = {
      type: 'click',
      name: t('oa.menu.newSub'),
      key: `KEY_${i + 1}_${subs.length + 1}`,
    };
    // A button with sub-buttons only carries its name.
    setButtons(buttons.map((b, k) => (k === i ? { name: b.name ?? '', sub_button: [...subs, sub] } : b)));
    setPlace([i, subs.length]);
    setOpen(i);
  }

  function remove() {
    if (!place) return;
    if (place.length === 1) setButtons(buttons.filter((_b, i) => i !== place[0]));
    else
      setButtons(
        buttons.map((b, i) =>
          i === place[0] ? { ...b, sub_button: b.sub_button?.filter((_s, j) => j !== place[1]) } : b,
        ),
      );
    setPlace(undefined);
  }

  /** The body the service reads: only the fields the chosen type uses. */
  function body(): { button: MenuButton[] } {
    const clean = (b: MenuButton): MenuButton => {
      if (b.sub_button && b.sub_button.length > 0)
        return { name: b.name ?? '', sub_button: b.sub_button.map(clean) };
      const out: MenuButton = { type: b.type ?? 'click', name: b.name ?? '' };
      for (const field of rules ? fieldsOf(rules, b.type ?? 'click') : [])
        if (b[field] !== undefined) out[field] = b[field] as never;
      return out;
    };
    return { button: buttons.map(clean) };
  }

  async function publish() {
    let menuid: number | undefined;
    const ok = await submit.run(async () => {
      const result = conditional
        ? await api.POST('/api/v1/official-accounts/{id}/menu/conditional', {
            params: { path: { id: account.id } },
            body: {
              ...body(),
              matchrule: Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== '')),
            } as never,
          })
        : await api.PUT('/api/v1/official-accounts/{id}/menu', {
            params: { path: { id: account.id } },
            body: { ...body(), revision } as never,
          });
      menuid = result.data?.menuid;
      return result;
    });
    if (ok && menuid !== undefined) {
      setPublished(t('oa.menu.published', { menuid }));
      if (conditional) {
        setButtons([]);
        setRule(NO_RULE);
        setPlace(undefined);
        conditional.onAdded();
      } else setRevision(menuid);
    } else setPublished(undefined);
  }

  /** After a conflict: take the newer menu's revision and keep what was typed, to save over it. */
  async function rebase() {
    await readBack(true);
    submit.setError(undefined);
  }

  async function removeMenu() {
    if (
      await submit.run(() =>
        api.DELETE('/api/v1/official-accounts/{id}/menu', { params: { path: { id: account.id } } }),
      )
    ) {
      setButtons([]);
      setRevision(0);
      setPublished(t('oa.menu.deleted'));
    }
  }

  // The service names the faulty field (`button[1].sub_button[0].name`): select that button and show it there.
  const fault = submit.error?.field?.replace(/^body\./, '');
  const faultPlace = fault?.match(/^button\[(\d+)\](?:\.sub_button\[(\d+)\])?/);
  useEffect(() => {
    if (!faultPlace) return;
    const next: Place =
      faultPlace[2] === undefined ? [Number(faultPlace[1])] : [Number(faultPlace[1]), Number(faultPlace[2])];
    setPlace(next);
    if (next.length === 2) setOpen(next[0]);
  }, [faultPlace?.[0]]);
  const errorAt = (field: string): ApiError | undefined =>
    place && fault === `${pathOf(place)}.${field}` ? submit.error : undefined;
  const isFaulty = (p: Place) =>
    fault?.startsWith(pathOf(p)) &&
    (p.length === 2 || !fault.slice(pathOf(p).length).startsWith('.sub_button'));

  const limits = rules?.limits;
  const nameLimit = place?.length === 2 ? limits?.subNameBytes : limits?.nameBytes;
  const conflict = submit.error?.code === 'menu_conflict';
  return (
    <div className={`card menu-editor${conditional ? ' conditional-editor' : ''}`}>
      <h2>{conditional ? t('oaPages.conditional.new') : t('oa.menu.title')}</h2>
      {conditional && (
        <RuleEditor
          rule={rule}
          onChange={setRule}
          tags={conditional.tags}
          languages={rules?.languages ?? []}
          error={fault?.startsWith('matchrule') ? submit.error : undefined}
        />
      )}
      <div className="menu-layout">
        <section className="phone" aria-label={t('oa.menu.preview')}>
          <div className="phone-screen">
            <div className="phone-title">{account.name}</div>
            {open !== undefined && buttons[open] && (
              <ul className="phone-subs">
                {(buttons[open].sub_button ?? []).map((sub, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a button is its place; the menu document has no ids
                  <li key={`${open}-${j}`}>
                    <button
                      type="button"
                      className={`phone-sub${place?.[0] === open && place[1] === j ? ' selected' : ''}${isFaulty([open, j]) ? ' faulty' : ''}`}
                      onClick={() => setPlace([open, j])}
                    >
                      {sub.name || '…'}
                    </button>
                  </li>
                ))}
                {(buttons[open].sub_button?.length ?? 0) < (limits?.subButtons ?? 0) && (
                  <li>
                    <button
                      type="button"
                      className="phone-sub add"
                      onClick={() => addSub(open)}
                      aria-label={t('oa.menu.addSub')}
                    >
                      +
                    </button>
                  </li>
                )}
              </ul>
            )}
          </div>
          <div className="phone-menu">
            {buttons.map((button, i) => (
              <button
                // biome-ignore lint/suspicious/noArrayIndexKey: a button is its place; the menu document has no ids
                key={i}
                type="button"
                className={`phone-button${place?.[0] === i && place.length === 1 ? ' selected' : ''}${isFaulty([i]) ? ' faulty' : ''}`}
                onClick={() => {
                  setPlace([i]);
                  setOpen(open === i ? undefined : i);
                }}
              >
                {button.name || '…'}
              </button>
            ))}
            {buttons.length < (limits?.buttons ?? 0) && (
              <button
                type="button"
                className="phone-button add"
                onClick={addTop}
                aria-label={t('oa.menu.addButton')}
              >
                +
              </button>
            )}
          </div>
        </section>
        <div className="button-editor">
          {!selected ? (
            <p className="muted">{t('oa.menu.pick')}</p>
          ) : (
            <>
              <Field label={t('oa.menu.name')} error={errorAt('name')}>
                {(a) => (
                  <input
                    {...a}
                    value={selected.name ?? ''}
                    onChange={(e) => update({ name: e.target.value })}
                  />
                )}
              </Field>
              <p className="byte-counter muted" aria-live="polite" title={t('oa.menu.bytesTitle')}>
                {bytes(selected.name ?? '')} / {nameLimit ?? '…'}
              </p>
              {selected.sub_button && selected.sub_button.length > 0 ? (
                <p className="muted">{t('oa.menu.hasSubs')}</p>
              ) : (
                <ButtonFields
                  rules={rules}
                  button={selected}
                  update={update}
                  errorAt={errorAt}
                  links={links}
                  pages={pages}
                />
              )}
              <button type="button" className="link" onClick={remove}>
                {t('oa.menu.remove')}
              </button>
            </>
          )}
        </div>
      </div>
      {published && (
        <p className="notice" role="status">
          {published}
        </p>
      )}
      <FormError
        error={
          submit.error && !errorAt(fault?.split('.').pop() ?? '') && !fault?.startsWith('matchrule')
            ? submit.error
            : undefined
        }
      />
      {conflict && (
        <div className="conflict" role="alert">
          <p>{t('oaPages.conflict.explain')}</p>
          <button type="button" onClick={() => void rebase()}>
            {t('oaPages.conflict.keepMine')}
          </button>
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={submit.busy} onClick={() => void publish()}>
          {conditional ? t('oaPages.conditional.publish') : t('oa.menu.publish')}
        </button>
        {!conditional && (
          <>
            <button type="button" disabled={submit.busy} onClick={() => void readBack()}>
              {t('oa.menu.readBack')}
            </button>
            <button type="button" disabled={submit.busy} onClick={() => void removeMenu()}>
              {t('oa.menu.delete')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/** A conditional menu's rule: any of WeChat's matchrule fields; the service checks the combination. */
function RuleEditor(props: {
  rule: RuleFields;
  onChange(rule: RuleFields): void;
  tags: Array<{ id: number; name: string }>;
  languages: string[];
  error: ApiError | undefined;
}) {
  const { t } = useTranslation();
  const { rule, onChange, error } = props;
  const at = (field: string) =>
    fieldError(error, `matchrule.${field}`) ??
    (field === 'tag_id' ? fieldError(error, 'matchrule') : undefined);
  const set = (field: keyof RuleFields) => (value: string) => onChange({ ...rule, [field]: value });
  const choice = (field: keyof RuleFields, options: Array<[string, string]>) => (
    <Field label={t(`oaPages.rule.${field}`)} error={at(field)}>
      {(a) => (
        <select {...a} value={rule[field]} onChange={(e) => set(field)(e.target.value)}>
          <option value="">{t('oaPages.rule.any')}</option>
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const text = (field: 'country' | 'province' | 'city') => (
    <Field label={t(`oaPages.rule.${field}`)} error={at(field)}>
      {(a) => <input {...a} value={rule[field]} onChange={(e) => set(field)(e.target.value)} />}
    </Field>
  );
  return (
    <fieldset className="match-rule">
      <legend>{t('oaPages.rule.title')}</legend>
      {choice(
        'tag_id',
        props.tags.map((tag) => [String(tag.id), tag.name]),
      )}
      {choice('sex', [
        ['1', t('oaPages.follower.sexes.male')],
        ['2', t('oaPages.follower.sexes.female')],
      ])}
      {choice('client_platform_type', [
        ['1', 'iOS'],
        ['2', 'Android'],
        ['3', t('oaPages.rule.otherPlatform')],
      ])}
      {choice(
        'language',
        props.languages.map((code) => [code, code]),
      )}
      {text('country')}
      {text('province')}
      {text('city')}
    </fieldset>
  );
}

function ButtonFields(props: {
  rules: MenuRules | undefined;
  button: MenuButton;
  update(change: Partial<MenuButton>): void;
  errorAt(field: string): ApiError | undefined;
  links: LinkItem[];
  pages: string[];
}) {
  const { t } = useTranslation();
  const { button, update, errorAt } = props;
  const type = button.type ?? 'click';
  const fields = props.rules ? fieldsOf(props.rules, type) : [];
  const text = (field: 'key' | 'url' | 'media_id' | 'article_id', label: string) => (
    <Field label={label} error={errorAt(field)}>
      {(a) => (
        <input {...a} value={button[field] ?? ''} onChange={(e) => update({ [field]: e.target.value })} />
      )}
    </Field>
  );
  return (
    <>
      <Field label={t('oa.menu.type')} error={errorAt('type')}>
        {(a) => (
          <select {...a} value={type} onChange={(e) => update({ type: e.target.value })}>
            {(props.rules?.buttonTypes ?? [type]).map((value) => (
              <option key={value} value={value}>
                {t(`oa.menu.types.${value}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {fields.includes('key') && text('key', t('oa.menu.key'))}
      {type === 'miniprogram' && (
        <>
          <Field label={t('oa.menu.miniprogram')} error={errorAt('appid')}>
            {(a) => (
              <select
                {...a}
                value={button.appid ?? ''}
                onChange={(e) => update({ appid: e.target.value, pagepath: '' })}
              >
                <option value="">{t('oa.menu.pickApp')}</option>
                {props.links.map((link) => (
                  <option key={link.appid} value={link.appid}>
                    {link.nickname || link.appid}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('oa.menu.page')} error={errorAt('pagepath')} hint={t('oa.menu.pageHint')}>
            {(a) => (
              <>
                <input
                  {...a}
                  list="menu-released-pages"
                  value={button.pagepath ?? ''}
                  onChange={(e) => update({ pagepath: e.target.value })}
                />
                <datalist id="menu-released-pages">
                  {props.pages.map((page) => (
                    <option key={page} value={page} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          {props.pages.length > 0 && (
            <ul className="released-pages">
              {props.pages.map((page) => (
                <li key={page}>
                  <button type="button" className="link" onClick={() => update({ pagepath: page })}>
                    {page}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {fields.includes('url') &&
        text('url', type === 'miniprogram' ? t('oa.menu.fallback') : t('oa.menu.url'))}
      {fields.includes('media_id') && text('media_id', 'media_id')}
      {fields.includes('article_id') && text('article_id', 'article_id')}
    </>
  );
}
