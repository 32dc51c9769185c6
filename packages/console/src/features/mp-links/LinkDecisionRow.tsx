import type { ReactNode } from 'react';
import { api } from '../../lib/api';
import type { useSubmit } from '../../lib/forms';

/**
 * A link between an official account and a mini program as a row; while it waits for this
 * admin, accept and refuse (the same routes from either side). The caller's submit holds the
 * error; `onDecided` after the service said yes.
 */
export function LinkDecisionRow(props: {
  link: { accountAppid: string; appid: string };
  decidable: boolean;
  submit: ReturnType<typeof useSubmit>;
  onDecided(): void;
  labels: { accept: string; refuse: string };
  className: string;
  data: Record<`data-${string}`, string | number>;
  children: ReactNode;
}) {
  const { submit } = props;
  async function decide(verdict: 'accept' | 'refuse') {
    const body = { accountAppid: props.link.accountAppid, appid: props.link.appid };
    const ok = await submit.run(() =>
      verdict === 'accept'
        ? api.POST('/api/v1/link-requests/accept', { body })
        : api.POST('/api/v1/link-requests/refuse', { body }),
    );
    if (ok) props.onDecided();
  }
  return (
    <li className={props.className} {...props.data}>
      {props.children}
      {props.decidable && (
        <>
          <button
            type="button"
            className="primary"
            disabled={submit.busy}
            onClick={() => void decide('accept')}
          >
            {props.labels.accept}
          </button>
          <button type="button" disabled={submit.busy} onClick={() => void decide('refuse')}>
            {props.labels.refuse}
          </button>
        </>
      )}
    </li>
  );
}
