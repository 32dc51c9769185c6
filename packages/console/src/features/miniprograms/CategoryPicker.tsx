import { useTranslation } from 'react-i18next';
import type { CategoryNode } from '../../lib/api';

export const MAX_CATEGORIES = 5;

export interface Chosen {
  firstId: number;
  secondId: number;
  qualification?: string;
}

/**
 * The two-level tree as checkboxes. Categories closed to individuals stay visible, disabled, with
 * the reason; past five choices the rest are disabled too.
 */
export function CategoryPicker(props: {
  tree: CategoryNode[];
  individual: boolean;
  chosen: Chosen[];
  onChange(chosen: Chosen[]): void;
  describedBy?: string | undefined;
}) {
  const { t } = useTranslation();
  const isChosen = (secondId: number) => props.chosen.some((c) => c.secondId === secondId);
  const full = props.chosen.length >= MAX_CATEGORIES;
  return (
    <fieldset className="categories" aria-describedby={props.describedBy}>
      <legend>{t('create.categories', { max: MAX_CATEGORIES })}</legend>
      {props.tree.map((first) => {
        const closed = props.individual && !first.openToIndividual;
        return (
          <div
            key={first.id}
            className={`category-group${closed ? ' closed' : ''}`}
            data-category={first.name}
          >
            <h3>{first.name}</h3>
            {closed && (
              <p className="category-closed" id={`closed-${first.id}`}>
                {t('create.closedToIndividuals')}
              </p>
            )}
            {first.disabled && (
              <p className="category-disabled" id={`disabled-${first.id}`}>
                {t('categoryPicker.disabled')}
              </p>
            )}
            <ul>
              {first.children.map((second) => {
                // A category the operator stopped offering stays checkable only for an app already in it.
                const stopped = (first.disabled || second.disabled) && !isChosen(second.id);
                const reason = closed
                  ? `closed-${first.id}`
                  : first.disabled
                    ? `disabled-${first.id}`
                    : second.disabled
                      ? `disabled-${second.id}`
                      : undefined;
                return (
                  <li key={second.id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={isChosen(second.id)}
                        disabled={closed || stopped || (full && !isChosen(second.id))}
                        aria-describedby={reason}
                        onChange={(e) =>
                          props.onChange(
                            e.target.checked
                              ? [...props.chosen, { firstId: first.id, secondId: second.id }]
                              : props.chosen.filter((c) => c.secondId !== second.id),
                          )
                        }
                      />
                      {first.name} › {second.name}
                      {second.needsQualification && (
                        <span className="muted"> ({t('create.needsQualification')})</span>
                      )}
                      {second.disabled && !first.disabled && (
                        <span className="muted category-disabled" id={`disabled-${second.id}`}>
                          {' '}
                          ({t('categoryPicker.disabled')})
                        </span>
                      )}
                    </label>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </fieldset>
  );
}
