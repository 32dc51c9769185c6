import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { FormError, useSubmit } from '../../lib/forms';
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

  async function decide(request: LinkRequest, verdict: 'accept' | 'refuse') {
    const body = { accountAppid: request.accountAppid, appid: request.appid };
    const ok = await submit.run(() =>
      verdict === 'accept'
        ? api.POST('/api/v1/link-requests/accept', { body })
        : api.POST('/api/v1/link-requests/refuse', { body }),
    );
    if (ok) await load();
  }

  return (
    <section className="page link-requests">
      <h1>{t('oa.requests.title')}</h1>
      <FormError error={submit.error} />
      {requests?.length === 0 && <p>{t('oa.requests.none')}</p>}
      <ul className="rows">
        {requests?.map((request) => (
          <li
            key={`${request.accountAppid}-${request.appid}`}
            className="row request-row"
            data-appid={request.appid}
            data-account={request.accountAppid}
          >
            <span>
              {t(request.unlinkRequested ? 'oa.requests.unlink' : 'oa.requests.link', {
                account: request.accountName,
                app: request.appName,
              })}
            </span>
            <span className="muted">{t(`oa.requests.as.${request.as}`)}</span>
            {request.notifyUsers && <span className="muted">{t('oa.requests.notifies')}</span>}
            <button
              type="button"
              className="primary"
              disabled={submit.busy}
              onClick={() => void decide(request, 'accept')}
            >
              {t('oa.requests.accept')}
            </button>
            <button type="button" disabled={submit.busy} onClick={() => void decide(request, 'refuse')}>
              {t('oa.requests.refuse')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
