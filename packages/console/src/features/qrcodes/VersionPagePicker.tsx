import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../lib/api';
import { Field } from '../../lib/forms';
import type { Env } from './useQrOverview';

const VERSIONS: Env[] = ['release', 'trial', 'develop'];

/** The page kept while it exists in the chosen version's pages, else the version's first page. */
export function chosenPage(pages: string[], page: string): string {
  return pages.includes(page) ? page : (pages[0] ?? '');
}

/**
 * A version of the mini program (release, trial, develop) and one of the pages of that version's
 * package: what a code or a QR rule opens. Without `version` only the page is picked.
 */
export function VersionPagePicker(props: {
  versionLabel: string;
  version?: Env;
  onVersion(version: Env): void;
  versionError: ApiError | undefined;
  pages: string[];
  page: string;
  onPage(page: string): void;
  pageError: ApiError | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      {props.version && (
        <Field label={props.versionLabel} error={props.versionError}>
          {(a) => (
            <select {...a} value={props.version} onChange={(e) => props.onVersion(e.target.value as Env)}>
              {VERSIONS.map((v) => (
                <option key={v} value={v}>
                  {t(`qrcodes.env.${v}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        label={t('qrcodes.page')}
        error={props.pageError}
        hint={props.pages.length === 0 ? t('qrcodes.noVersion') : undefined}
      >
        {(a) => (
          <select {...a} value={props.page} onChange={(e) => props.onPage(e.target.value)}>
            {props.pages.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
