import type { ReactNode } from 'react';

/** A table of rows under one heading row, scrolling sideways inside its card when narrow. */
export function Table(props: { headings: ReactNode[]; className?: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className={props.className}>
        <thead>
          <tr>
            {props.headings.map((heading, index) => (
              // Headings are fixed per table: their place is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <th key={index}>{heading}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
