import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorOf, messageOf } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import type { SlotProps } from './VersionsPage';

type Member = { userId: string; email: string; displayName: string; role: string };
type Invitation = { id: string; invitee: string; role: string };

/** 体验版: the trial version, its QR code, opening it in the runtime, and the testers. */
export function TrialCard(props: SlotProps) {
  const { t, i18n } = useTranslation();
  const { app, overview } = props;
  const trial = overview.versions.find((v) => v.id === overview.trialVersionId);
  const [preview, setPreview] = useState<string | undefined>();
  const [openError, setOpenError] = useState<string | undefined>();

  const open = async () => {
    const { data, error } = await api.GET('/api/v1/launch/{appid}', {
      params: { path: { appid: app.appid }, query: { version: 'trial' } },
    });
    if (!data) {
      setOpenError(messageOf(errorOf(error), i18n.language));
      return;
    }
    const query = new URLSearchParams({
      appid: data.appid,
      packageBase: data.packageBase,
      runtimeBase: data.runtimeBase,
      envVersion: 'trial',
      scene: '1017',
    });
    setPreview(`/runtime/preview.html?${query}`);
  };

  return (
    <div className="card slot-trial">
      <h2>{t('versions.trial')}</h2>
      {trial ? (
        <div className="trial">
          <img
            key={trial.id}
            className="trial-qrcode"
            src={`/api/v1/code/${app.appid}/trial/qrcode`}
            alt={t('versions.trialQr')}
            width={160}
            height={160}
          />
          <div>
            <p>
              {t('versions.version')} <strong className="trial-version">{trial.userVersion}</strong>
            </p>
            <p className="hint">{t('versions.trialHint')}</p>
            <button type="button" onClick={() => void open()}>
              {t('versions.openTrial')}
            </button>
            {openError && <p className="form-error">{openError}</p>}
          </div>
        </div>
      ) : (
        <p className="muted">{t('versions.noTrial')}</p>
      )}
      {preview && (
        <iframe className="runtime-preview trial-preview" title={t('versions.trial')} src={preview} />
      )}
      <Testers appId={app.id} />
    </div>
  );
}

/** Testers are members with the tester role: invited by email, joined when they accept. */
function Testers(props: { appId: string }) {
  const { t } = useTranslation();
  const [members, setMembers] = useState<Member[]>([]);
  const [pending, setPending] = useState<Invitation[]>([]);
  const [email, setEmail] = useState('');
  const invite = useSubmit();
  const path = { params: { path: { id: props.appId } } };
  const load = async () => {
    const [m, i] = await Promise.all([
      api.GET('/api/v1/miniprograms/{id}/members', path),
      api.GET('/api/v1/miniprograms/{id}/invitations', path),
    ]);
    setMembers((m.data ?? []).filter((x) => x.role === 'tester'));
    setPending((i.data ?? []).filter((x) => x.role === 'tester'));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per app
  useEffect(() => {
    void load();
  }, [props.appId]);
  return (
    <div className="testers">
      <h3>{t('versions.testers')}</h3>
      <ul className="rows">
        {members.map((m) => (
          <li key={m.userId} className="row tester">
            <span>{m.displayName}</span>
            <span className="muted">{m.email}</span>
          </li>
        ))}
        {pending.map((p) => (
          <li key={p.id} className="row tester pending">
            <span>{p.invitee}</span>
            <span className="muted">{t('members.pending')}</span>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void invite
            .run(() =>
              api.POST('/api/v1/miniprograms/{id}/invitations', { ...path, body: { email, role: 'tester' } }),
            )
            .then((ok) => {
              if (ok) {
                setEmail('');
                void load();
              }
            });
        }}
      >
        <Field label={t('versions.testerEmail')} error={fieldError(invite.error, 'email')}>
          {(a) => (
            <input {...a} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          )}
        </Field>
        <button type="submit" disabled={invite.busy}>
          {t('versions.inviteTester')}
        </button>
        <FormError error={invite.error} fields={['email']} />
      </form>
    </div>
  );
}
