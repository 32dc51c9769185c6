import type { ReactNode } from 'react';
import { FormError, type useSubmit } from '../../lib/forms';

type Submit = ReturnType<typeof useSubmit>;
type Call = () => Promise<{ error?: unknown; response: Response } | undefined>;

/** A row's button: the call runs on the list's submit (one at a time, its error above the list), then the list reloads. */
export function RowAction(props: {
  submit: Submit;
  call: Call;
  onDone(): void;
  className?: string;
  label: string;
}) {
  return (
    <button
      type="button"
      className={props.className}
      disabled={props.submit.busy}
      onClick={() =>
        void props.submit.run(props.call).then((ok) => {
          if (ok) props.onDone();
        })
      }
    >
      {props.label}
    </button>
  );
}

/** A form adding one to a list: the service's error at its fields or above the button; on success `onAdded`. */
export function AddForm(props: {
  className: string;
  submit: Submit;
  call: Call;
  onAdded(): void;
  fields: string[];
  button: string;
  children: ReactNode;
}) {
  return (
    <form
      className={props.className}
      onSubmit={(event) => {
        event.preventDefault();
        void props.submit.run(props.call).then((ok) => {
          if (ok) props.onAdded();
        });
      }}
    >
      {props.children}
      <FormError error={props.submit.error} fields={props.fields} />
      <button type="submit" className="primary" disabled={props.submit.busy}>
        {props.button}
      </button>
    </form>
  );
}
