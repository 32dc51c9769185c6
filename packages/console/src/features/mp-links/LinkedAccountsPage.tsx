import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
import { useMiniProgram } from '../miniprograms/useMiniProgram';
import { LinkDecisionRow } from './LinkDecisionRow';

type Link = { accountAppid: string; accountName: string; status: number };

/**
 * 关联的公众号: the official accounts linked to this mini program or asking to be, from the mini
 * program's side; a request waiting for its admin (status 2) is accepted or refused here.
 */
export function LinkedAccountsPage(props: { id: string }) {
  const { t } = useTranslation();
  const { app } = useMiniProgram(props.id);
  const appid = app?.appid;
  const [links, setLinks] = useState<Link[] | undefined>();
  const submit = useSubmit();

  const load = useCallback(async () => {
    if (!appid) return;
    const { data } = await api.GET('/api/v1/official-account-links/{appid}', { params: { path: { appid } } });
    setLinks(data ?? []);
  }, [appid]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!appid) return null;
  return (
    <section className="page linked-accounts">
      <h1>{t('mpLinks.title')}</h1>
      <p className="muted">{t('mpLinks.intro')}</p>
      <FormError error={submit.error} />
      {links?.length === 0 && <p>{t('mpLinks.none')}</p>}
      <ul className="rows">
        {links?.map((link) => (
          <LinkDecisionRow
            key={link.accountAppid}
            link={{ accountAppid: link.accountAppid, appid }}
            decidable={link.status === 2}
            submit={submit}
            onDecided={() => void load()}
            labels={{ accept: t('mpLinks.accept'), refuse: t('mpLinks.refuse') }}
            className="row account-link-row"
            data={{ 'data-account': link.accountAppid, 'data-status': link.status }}
          >
            <span>{link.accountName}</span>
            <code>{link.accountAppid}</code>
            <span className="status">{t(`mpLinks.status.${link.status}`)}</span>
          </LinkDecisionRow>
        ))}
      </ul>
    </section>
  );
}
