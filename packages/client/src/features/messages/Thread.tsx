import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * What every conversation screen shares (a chat, an official account, a mini program's customer
 * service): the message list kept scrolled to the newest, a passing notice, and the text box.
 */
export function MessageList(props: { entries: readonly unknown[]; children: ReactNode }) {
  const list = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the newest after each load
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [props.entries]);
  return (
    <ol className="messages" ref={list}>
      {props.children}
    </ol>
  );
}

/** A notice over the composer that goes away after a few seconds. */
export function Notice(props: { notice: string | undefined; onDone(): void }) {
  const { notice, onDone } = props;
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(onDone, 4000);
    return () => clearTimeout(timer);
  }, [notice, onDone]);
  if (!notice) return null;
  return (
    <div className="toast" role="status">
      {notice}
    </div>
  );
}

/**
 * The text box and its send button. `send` answers an error to show, or nothing once sent: on an
 * error the text stays in the box, so nothing typed is lost when the server refuses or is away.
 */
export function Composer(props: {
  label: string;
  sendLabel: string;
  send(text: string): Promise<string | undefined>;
  onNotice(notice: string): void;
  /** Out of sight (an official account's menu in its place) but keeping what was typed. */
  hidden?: boolean;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text || sending) return;
    setSending(true);
    try {
      const failure = await props.send(text);
      if (failure) props.onNotice(failure);
      else setDraft('');
    } catch {
      // The server is away (restarting, the network gone): the text waits in the box.
      props.onNotice(t('errors.offlineKept'));
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="composer-form" onSubmit={submit} hidden={props.hidden}>
      <input
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        placeholder={props.label}
        aria-label={props.label}
        maxLength={2000}
      />
      <button type="submit" disabled={!draft.trim() || sending}>
        {props.sendLabel}
      </button>
    </form>
  );
}
