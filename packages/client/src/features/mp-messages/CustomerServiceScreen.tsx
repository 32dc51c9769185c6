import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorOf, type paths } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';
import { Composer, MessageList, Notice } from '../messages/Thread';
import { CodeImage } from '../scanner/CodeImage';
import { onInboxItem } from './inbox-events';

type Entry =
  paths['/api/v1/client/miniprograms/{appid}/customer-service']['get']['responses'][200]['content']['application/json'][number];

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The conversation with a mini program's customer service (客服), over the running mini program. */
export function CustomerServiceScreen(props: {
  appid: string;
  name: string;
  onBack(): void;
  onOpen(target: MiniProgramTarget): void;
}) {
  const { t } = useTranslation();
  const { appid } = props;
  const [entries, setEntries] = useState<Entry[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const clearNotice = useCallback(() => setNotice(undefined), []);

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/client/miniprograms/{appid}/customer-service', {
      params: { path: { appid }, query: { limit: 50 } },
    });
    if (data) setEntries([...data].reverse());
  }, [appid]);

  useEffect(() => {
    void load();
    return onInboxItem((item) => {
      if (item.kind === 'mp_custom' && (item.body as { appid?: string } | null)?.appid === appid) void load();
    });
  }, [load, appid]);

  async function send(content: string) {
    const { error } = await api.POST('/api/v1/client/miniprograms/{appid}/customer-service/messages', {
      params: { path: { appid } },
      body: { content },
    });
    if (error) return errorOf(error).message;
    await load();
    return undefined;
  }

  const bubble = (entry: Entry) => {
    const body = entry.body as Record<string, unknown>;
    switch (entry.kind) {
      case 'text':
        return <div className="bubble">{text(body.content)}</div>;
      case 'image':
        return (
          <CodeImage
            className="bubble-image"
            alt={t('conversation.image')}
            src={`/api/v1/client/mp-media/${encodeURIComponent(text(body.mediaId))}`}
            onOpen={props.onOpen}
          />
        );
      case 'link':
        return (
          <a className="card link-card" href={text(body.url)} target="_blank" rel="noopener noreferrer">
            <strong>{text(body.title)}</strong>
            {text(body.description) && <span>{text(body.description)}</span>}
          </a>
        );
      case 'miniprogrampage':
        return (
          <button
            type="button"
            className="card mp-card"
            onClick={() => props.onOpen({ appid, pagepath: text(body.pagepath), scene: Number(body.scene) })}
          >
            <span className="mp-card-source">{text(body.appName) || appid}</span>
            <strong>{text(body.title)}</strong>
            <img
              className="mp-card-thumb"
              alt=""
              src={`/api/v1/client/mp-media/${encodeURIComponent(text(body.thumbMediaId))}`}
            />
            <span className="mp-card-foot">{t('conversation.miniProgram')}</span>
          </button>
        );
      default:
        return <div className="bubble muted">{t('conversation.unsupported')}</div>;
    }
  };

  return (
    <section className="screen conversation customer-service" aria-label={t('mpMessages.customerService')}>
      <header className="top-bar">
        <button type="button" className="back" onClick={props.onBack} aria-label={t('conversation.back')}>
          ‹
        </button>
        <h1>{t('mpMessages.customerServiceOf', { name: props.name })}</h1>
        <span className="top-bar-spacer" />
      </header>
      <MessageList entries={entries}>
        {entries.map((entry) => (
          <li
            key={entry.id}
            className={`message ${entry.from === 'user' ? 'mine' : 'theirs'}`}
            data-kind={entry.kind}
          >
            {bubble(entry)}
          </li>
        ))}
      </MessageList>
      <Notice notice={notice} onDone={clearNotice} />
      <footer className="composer">
        <Composer
          label={t('conversation.placeholder')}
          sendLabel={t('conversation.send')}
          send={send}
          onNotice={setNotice}
        />
      </footer>
    </section>
  );
}
