import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  readonly label: string;
  /** What the API said is wrong with this field, shown beside it. */
  readonly errors?: readonly string[] | undefined;
  readonly hint?: ComponentChildren;
  readonly children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => JSX.Element;
}

/** A labelled control with its hint and its validation messages, tied together for screen readers. */
export function Field({ label, errors, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = errors !== undefined && errors.length > 0;
  const describedBy = [hint === undefined ? null : hintId, invalid ? errorId : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={invalid ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {children({ id, describedBy: describedBy === '' ? undefined : describedBy, invalid })}
      {hint === undefined ? null : (
        <div class="hint" id={hintId}>
          {hint}
        </div>
      )}
      {invalid ? (
        <div class="field-error" id={errorId}>
          {errors.join('. ')}
        </div>
      ) : null}
    </div>
  );
}

interface InputProps {
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly errors?: readonly string[] | undefined;
  readonly hint?: ComponentChildren;
  readonly type?: 'text' | 'date' | 'datetime-local' | 'url';
  readonly required?: boolean;
  readonly placeholder?: string;
  readonly inputMode?: 'decimal' | 'numeric';
  /** A <datalist> id offering suggestions. */
  readonly list?: string;
}

export function TextField({ label, value, onValue, errors, hint, type = 'text', ...rest }: InputProps) {
  return (
    <Field label={label} errors={errors} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          {...rest}
          type={type}
          id={id}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(event) => {
            onValue(event.currentTarget.value);
          }}
        />
      )}
    </Field>
  );
}

interface SelectProps {
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly errors?: readonly string[] | undefined;
  readonly hint?: ComponentChildren;
  readonly required?: boolean;
}

export function SelectField({ label, value, onValue, options, errors, hint, required }: SelectProps) {
  return (
    <Field label={label} errors={errors} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          required={required}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(event) => {
            onValue(event.currentTarget.value);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface CheckboxProps {
  readonly label: string;
  readonly checked: boolean;
  readonly onChecked: (checked: boolean) => void;
  readonly hint?: string;
}

export function CheckboxField({ label, checked, onChecked, hint }: CheckboxProps) {
  const id = useId();
  return (
    <div class="field checkbox">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        aria-describedby={hint === undefined ? undefined : `${id}-hint`}
        onChange={(event) => {
          onChecked(event.currentTarget.checked);
        }}
      />
      <label for={id}>{label}</label>
      {hint === undefined ? null : (
        <div class="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
    </div>
  );
}
