import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { BoundRow } from './BoundRow';
import { MobileAppForm } from './MobileAppForm';
import type { Candidate, OpenAccount } from './types';
import { Verification } from './Verification';

/** One open-platform account: its verification, what is bound, the UnionID rule, bind and register. */
export function AccountCard(props: {
  account: OpenAccount;
  subjectName: string;
  candidates: Candidate[];
  onChange(account: OpenAccount): void;
}) {
  const { t } = useTranslation();
  const { account } = props;
  const [appid, setAppid] = useState('');
  const bind = useSubmit();
  const bound = new Set(account.bound.map((b) => b.appid));
  const free = props.candidates.filter((c) => !bound.has(c.appid));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await bind.run(async () => {
      const result = await api.POST('/api/v1/open-accounts/{openAppid}/bindings', {
        params: { path: { openAppid: account.openAppid } },
        body: { appid },
      });
      if (result.data) {
        props.onChange(result.data);
        setAppid('');
      }
      return result;
    });
  }

  const example = account.bound.filter((b) => b.kind !== 'mobile_app').slice(0, 2);
  return (
    <div className="card open-account" data-open-appid={account.openAppid}>
      <h2>
        <code>{account.openAppid}</code> · {props.subjectName}
      </h2>
      <Verification account={account} onChange={props.onChange} />
      <h3>{t('openPlatform.bound')}</h3>
      {account.bound.length === 0 && <p>{t('openPlatform.nothingBound')}</p>}
      <ul className="rows">
        {account.bound.map((b) => (
          <BoundRow key={b.appid} openAppid={account.openAppid} bound={b} onChange={props.onChange} />
        ))}
      </ul>
      <div className="unionid-rule">
        <h3>{t('openPlatform.unionidTitle')}</h3>
        <p>{t('openPlatform.unionidRule')}</p>
        {example.length === 2 && (
          <p className="muted unionid-example">
            {t('openPlatform.unionidExample', { a: example[0]!.name, b: example[1]!.name })}
          </p>
        )}
        <p className="muted">{t('openPlatform.shareRule')}</p>
      </div>
      <form onSubmit={submit} className="bind-form">
        <Field
          label={t('openPlatform.bindAppid')}
          error={fieldError(bind.error, 'appid')}
          hint={t('openPlatform.bindHint')}
        >
          {(a) => (
            <input
              {...a}
              list={`candidates-${account.openAppid}`}
              value={appid}
              onChange={(e) => setAppid(e.target.value)}
            />
          )}
        </Field>
        <datalist id={`candidates-${account.openAppid}`}>
          {free.map((c) => (
            <option key={c.appid} value={c.appid}>
              {`${c.name} · ${t(`openPlatform.kinds.${c.kind}`)}`}
            </option>
          ))}
        </datalist>
        <FormError error={bind.error} fields={['appid']} />
        <button type="submit" className="primary" disabled={bind.busy || !appid}>
          {t('openPlatform.bind')}
        </button>
      </form>
      <MobileAppForm openAppid={account.openAppid} onRegistered={props.onChange} />
    </div>
  );
}
