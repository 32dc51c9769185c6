import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api, currentCsrfToken } from '../../lib/api';
import { Field, FormError, fieldError } from '../../lib/forms';
import { Table } from '../../lib/Table';
import { SubmitForm } from './SubmitForm';
import type { Version } from './types';
import { filesFromDrop, filesFromList, type ProjectFiles, uploadZip, zipProject } from './upload';
import { formatBytes, formatTime, type SlotProps } from './VersionsPage';

/** 开发版本: upload from the browser (zip or project folder) and the uploaded versions. */
export function DevelopmentCard(props: SlotProps) {
  const { t, i18n } = useTranslation();
  const { app, overview, act, reload } = props;
  const [submitting, setSubmitting] = useState<Version | undefined>();

  const setTrial = (version: Version) =>
    act
      .run(() =>
        api.PUT('/api/v1/code/{appid}/trial', {
          params: { path: { appid: app.appid } },
          body: { versionId: version.id, revision: overview.revision },
        }),
      )
      .then((ok) => {
        if (ok) void reload();
      });

  return (
    <div className="card slot-development">
      <h2>{t('versions.development')}</h2>
      <UploadPanel appid={app.appid} onUploaded={() => void reload()} />
      {overview.versions.length === 0 && <p className="muted">{t('versions.noVersions')}</p>}
      {overview.versions.length > 0 && (
        <Table
          className="versions-table"
          headings={[
            t('versions.version'),
            t('versions.description'),
            t('versions.uploader'),
            t('versions.uploadedAt'),
            t('versions.size'),
            t('versions.diagnostics'),
            t('versions.actions'),
          ]}
        >
          {overview.versions.map((version) => (
            <tr key={version.id} className="version-row" data-version={version.userVersion}>
              <td>
                {version.userVersion}
                {version.isTrial && <span className="status">{t('versions.isTrial')}</span>}
                {version.isReleased && (
                  <span className="status status-released">{t('versions.isReleased')}</span>
                )}
              </td>
              <td>{version.userDesc || '—'}</td>
              <td className="muted">{uploaderLabel(version.uploader, t)}</td>
              <td>{formatTime(version.createdAt, i18n.language)}</td>
              <td>{formatBytes(version.totalBytes)}</td>
              <td>
                {version.diagnostics.length === 0 ? (
                  <span className="muted">{t('versions.noDiagnostics')}</span>
                ) : (
                  <details>
                    <summary>{t('versions.diagnosticCount', { count: version.diagnostics.length })}</summary>
                    <ul>
                      {version.diagnostics.map((d) => (
                        <li key={`${d.file}:${d.line}:${d.column}`}>
                          <code>
                            {d.file}:{d.line}:{d.column}
                          </code>{' '}
                          {d.message}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </td>
              <td className="row-actions">
                {!version.isTrial && (
                  <button type="button" disabled={act.busy} onClick={() => void setTrial(version)}>
                    {t('versions.setTrial')}
                  </button>
                )}
                <button type="button" onClick={() => setSubmitting(version)}>
                  {t('versions.submit')}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {submitting && (
        <SubmitForm
          {...props}
          version={submitting}
          onDone={() => {
            setSubmitting(undefined);
            void reload();
          }}
          onCancel={() => setSubmitting(undefined)}
        />
      )}
    </div>
  );
}

function uploaderLabel(uploader: string, t: (key: string) => string): string {
  return uploader.startsWith('key:') ? t('versions.byKey') : t('versions.byConsole');
}

/** Drop a zip or a project folder, or pick one; zipped in the browser and sent with a progress bar. */
function UploadPanel(props: { appid: string; onUploaded(): void }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState('');
  const [desc, setDesc] = useState('');
  const [picked, setPicked] = useState<{ name: string; zip?: File; files?: ProjectFiles } | undefined>();
  const [progress, setProgress] = useState<number | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const busy = useRef(false);

  const pickFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const first = list[0]!;
    if (list.length === 1 && first.name.toLowerCase().endsWith('.zip'))
      setPicked({ name: first.name, zip: first });
    else {
      const files = await filesFromList([...list]);
      setPicked({ name: t('versions.folderFiles', { count: files.size }), files });
    }
  };

  const send = async () => {
    if (busy.current || !picked) return;
    busy.current = true;
    setError(undefined);
    setDone(undefined);
    setProgress(0);
    const zip = picked.zip ?? zipProject(picked.files ?? new Map());
    const result = await uploadZip({
      appid: props.appid,
      zip,
      version,
      desc,
      csrfToken: currentCsrfToken(),
      onProgress: setProgress,
    });
    busy.current = false;
    if (result.error) {
      setError(result.error);
      setProgress(undefined);
      return;
    }
    setProgress(1);
    setDone(result.version?.userVersion);
    setPicked(undefined);
    props.onUploaded();
  };

  return (
    <form
      className="upload"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {/* Dropping is a shortcut; the two pickers below do the same from the keyboard. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target, not a control */}
      <div
        className="dropzone"
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          void filesFromDrop(event.dataTransfer.items).then((dropped) => {
            if (dropped instanceof File) setPicked({ name: dropped.name, zip: dropped });
            else if (dropped)
              setPicked({ name: t('versions.folderFiles', { count: dropped.size }), files: dropped });
          });
        }}
      >
        <p>{picked ? picked.name : t('versions.dropHere')}</p>
        <label className="button">
          {t('versions.pickZip')}
          <input
            className="visually-hidden"
            type="file"
            accept=".zip,application/zip"
            name="zip"
            onChange={(e) => void pickFiles(e.target.files)}
          />
        </label>
        <label className="button">
          {t('versions.pickFolder')}
          <input
            className="visually-hidden"
            type="file"
            name="folder"
            // A non-standard attribute every browser supports for picking a folder.
            webkitdirectory=""
            multiple
            onChange={(e) => void pickFiles(e.target.files)}
          />
        </label>
      </div>
      <Field
        label={t('versions.version')}
        error={fieldError(error, 'version')}
        hint={t('versions.versionHint')}
      >
        {(a) => (
          <input
            {...a}
            name="version"
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            required
          />
        )}
      </Field>
      <Field label={t('versions.description')}>
        {(a) => <input {...a} name="desc" value={desc} onChange={(e) => setDesc(e.target.value)} />}
      </Field>
      {progress !== undefined && (
        <progress className="upload-progress" max={1} value={progress} aria-label={t('versions.progress')} />
      )}
      <FormError error={error} fields={['version']} />
      {done && (
        <p className="upload-done" role="status">
          {t('versions.uploaded', { version: done })}
        </p>
      )}
      <button type="submit" className="primary" disabled={!picked || !version}>
        {t('versions.upload')}
      </button>
    </form>
  );
}
