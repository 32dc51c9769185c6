import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
import { LinkDecisionRow } from '../mp-links/LinkDecisionRow';
import type { LinkRequest } from './types';

/** 关联请求: what waits for this admin, from either side (the account's or the mini program's). */
export function LinkRequestsPage() {
  const { t } = useTranslation();
  const [requests, setRequests] = useState<LinkRequest[] | undefined>();
  const submit = useSubmit();
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/link-requests');
    setRequests(data ?? []);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="page link-requests">
      <h1>{t('oa.requests.title')}</h1>
      <FormError error={submit.error} />
      {requests?.length === 0 && <p>{t('oa.requests.none')}</p>}
      <ul className="rows">
        {requests?.map((request) => (
          <LinkDecisionRow
            key={`${request.accountAppid}-${request.appid}`}
            link={request}
            decidable
            submit={submit}
            onDecided={() => void load()}
            labels={{ accept: t('oa.requests.accept'), refuse: t('oa.requests.refuse') }}
            className="row request-row"
            data={{ 'data-appid': request.appid, 'data-account': request.accountAppid }}
          >
            <span>
              {t(request.unlinkRequested ? 'oa.requests.unlink' : 'oa.requests.link', {
                account: request.accountName,
                app: request.appName,
              })}
            </span>
            <span className="muted">{t(`oa.requests.as.${request.as}`)}</span>
            {request.notifyUsers && <span className="muted">{t('oa.requests.notifies')}</span>}
          </LinkDecisionRow>
        ))}
      </ul>
    </section>
  );
}
