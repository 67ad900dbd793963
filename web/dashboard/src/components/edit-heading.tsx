import { useEffect, useRef } from 'preact/hooks';

/**
 * A form's heading: "Add a …", or "Edit …" when it holds an existing row. Opening a row for
 * editing moves focus here, so keyboard and screen-reader users land on the form they asked for.
 */
export function FormHeading({ id, add, editing }: { id: string; add: string; editing: string | null }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (editing !== null) {
      heading.current?.scrollIntoView({ block: 'start' });
      heading.current?.focus();
    }
  }, [editing]);
  return (
    <h2 id={id} tabIndex={-1} ref={heading}>
      {editing === null ? add : `Edit ${editing}`}
    </h2>
  );
}
