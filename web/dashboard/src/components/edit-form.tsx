import type { ComponentChildren } from 'preact';
import { FormHeading } from './edit-heading';
import { ErrorNotice } from './notice';

interface EditFormProps {
  /** The heading's id, which names the section. */
  readonly id: string;
  /** The heading when adding, e.g. "Add an offer". */
  readonly add: string;
  /** What the form holds, for its buttons: "Add offer", "Save offer". */
  readonly thing: string;
  /** The name of the row being edited, or null when adding. */
  readonly editing: string | null;
  readonly error: string | null;
  /** Shown between the error and the buttons (e.g. the tracking link of what was just added). */
  readonly status?: ComponentChildren;
  readonly onSubmit: () => Promise<void>;
  readonly onCancel: () => void;
  readonly children: ComponentChildren;
}

/** The add/edit form every catalog page has: heading, fields, the API's error, Add/Save and Cancel. */
export function EditForm({
  id,
  add,
  thing,
  editing,
  error,
  status,
  onSubmit,
  onCancel,
  children,
}: EditFormProps) {
  return (
    <section aria-labelledby={id}>
      <FormHeading id={id} add={add} editing={editing} />
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
      >
        {children}
        <ErrorNotice message={error} />
        {status}
        <div class="actions">
          <button type="submit">{editing === null ? `Add ${thing}` : `Save ${thing}`}</button>
          {editing === null ? null : (
            <button type="button" class="secondary" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
