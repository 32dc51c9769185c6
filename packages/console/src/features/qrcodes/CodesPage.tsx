import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field, FormError, fieldError, useSubmit } from '../../lib/forms';
import { useMiniProgram } from '../miniprograms/useMiniProgram';
import { type Env, useQrOverview } from './useQrOverview';
import { chosenPage, VersionPagePicker } from './VersionPagePicker';

type Kind = 'wxacode' | 'unlimited' | 'square';
const KINDS: Kind[] = ['wxacode', 'unlimited', 'square'];
const FIELDS = ['page', 'query', 'scene', 'width', 'lineColor', 'envVersion'];

const rgbOf = (hex: string) => ({
  r: Number.parseInt(hex.slice(1, 3), 16),
  g: Number.parseInt(hex.slice(3, 5), 16),
  b: Number.parseInt(hex.slice(5, 7), 16),
});

/**
 * 小程序码: the three kinds of code (getwxacode, getwxacodeunlimit with a scene, createwxaqrcode)
 * for a page of the chosen version, with width, colour and transparency; the PNG shown and
 * downloadable, and the codes counted toward the lifetime cap.
 */
export function CodesPage(props: { id: string }) {
  const { t } = useTranslation();
  const { app } = useMiniProgram(props.id);
  const { overview, setOverview } = useQrOverview(app?.appid);
  const [kind, setKind] = useState<Kind>('wxacode');
  const [envVersion, setEnvVersion] = useState<Env>('release');
  const [page, setPage] = useState('');
  const [query, setQuery] = useState('');
  const [scene, setScene] = useState('');
  const [width, setWidth] = useState('430');
  const [autoColor, setAutoColor] = useState(false);
  const [colour, setColour] = useState('#000000');
  const [hyaline, setHyaline] = useState(false);
  const [made, setMade] = useState<{ src: string; name: string } | undefined>();
  const submit = useSubmit();

  if (!app || !overview) return null;
  const env: Env = kind === 'square' ? 'release' : envVersion;
  const pages = overview.pages[env] ?? [];
  const chosen = chosenPage(pages, page);

  async function generate(event: React.FormEvent) {
    event.preventDefault();
    setMade(undefined);
    const square = kind === 'square';
    await submit.run(async () => {
      const result = await api.POST('/api/v1/qrcodes/{appid}/codes', {
        params: { path: { appid: app!.appid } },
        body: {
          kind,
          page: chosen,
          ...(kind === 'unlimited' ? { scene } : query ? { query } : {}),
          ...(width ? { width: Number(width) } : {}),
          ...(square ? {} : { envVersion, autoColor, lineColor: rgbOf(colour), hyaline }),
        },
      });
      if (result.data) {
        setMade({
          src: `data:image/png;base64,${result.data.png}`,
          name: `${kind}-${chosen.replaceAll('/', '_')}.png`,
        });
        setOverview({ ...overview!, codes: result.data.codes });
      }
      return result;
    });
  }

  return (
    <section className="page qr-codes">
      <h1>{t('qrcodes.codesTitle')}</h1>
      <p className="lifetime-quota">
        {t('qrcodes.lifetime', { used: overview.codes.used, limit: overview.codes.limit })}
      </p>
      <form className="card code-form" onSubmit={generate}>
        <fieldset>
          <legend>{t('qrcodes.kind')}</legend>
          {KINDS.map((value) => (
            <label key={value} className="inline">
              <input type="radio" name="code-kind" checked={kind === value} onChange={() => setKind(value)} />
              {t(`qrcodes.kinds.${value}`)}
            </label>
          ))}
        </fieldset>
        <VersionPagePicker
          versionLabel={t('qrcodes.envVersion')}
          version={kind === 'square' ? undefined : envVersion}
          onVersion={setEnvVersion}
          versionError={fieldError(submit.error, 'envVersion')}
          pages={pages}
          page={chosen}
          onPage={setPage}
          pageError={fieldError(submit.error, 'page')}
        />
        {kind === 'unlimited' ? (
          <Field
            label={t('qrcodes.scene')}
            error={fieldError(submit.error, 'scene')}
            hint={t('qrcodes.sceneHint')}
          >
            {(a) => <input {...a} value={scene} onChange={(e) => setScene(e.target.value)} />}
          </Field>
        ) : (
          <Field label={t('qrcodes.pageQuery')} error={fieldError(submit.error, 'query')}>
            {(a) => <input {...a} value={query} onChange={(e) => setQuery(e.target.value)} />}
          </Field>
        )}
        <Field
          label={t('qrcodes.width')}
          error={fieldError(submit.error, 'width')}
          hint={t('qrcodes.widthHint')}
        >
          {(a) => <input {...a} type="number" value={width} onChange={(e) => setWidth(e.target.value)} />}
        </Field>
        {kind !== 'square' && (
          <>
            <label className="inline">
              <input type="checkbox" checked={autoColor} onChange={(e) => setAutoColor(e.target.checked)} />
              {t('qrcodes.autoColor')}
            </label>
            <Field label={t('qrcodes.lineColor')} error={fieldError(submit.error, 'lineColor')}>
              {(a) => (
                <input
                  {...a}
                  type="color"
                  value={colour}
                  disabled={autoColor}
                  onChange={(e) => setColour(e.target.value)}
                />
              )}
            </Field>
            <label className="inline">
              <input type="checkbox" checked={hyaline} onChange={(e) => setHyaline(e.target.checked)} />
              {t('qrcodes.hyaline')}
            </label>
          </>
        )}
        <FormError error={submit.error} fields={FIELDS} />
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('qrcodes.generate')}
        </button>
      </form>
      {made && (
        <div className="card code-preview">
          <img src={made.src} alt={t('qrcodes.preview')} className="code-image" />
          <a className="button" href={made.src} download={made.name}>
            {t('qrcodes.download')}
          </a>
        </div>
      )}
    </section>
  );
}
