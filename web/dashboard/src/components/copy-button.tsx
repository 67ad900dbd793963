import { useId, useRef, useState } from 'preact/hooks';

interface CopyProps {
  readonly value: string;
  /** What is copied, for the button's accessible name: "Copy tracking link". */
  readonly what: string;
}

/**
 * A value to paste elsewhere (a tracking link, a postback URL): shown in full as read-only text,
 * with a button that puts it on the clipboard. Without clipboard access (plain http), the text is
 * selected so Ctrl+C copies it.
 */
export function CopyValue({ value, what }: CopyProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied');
    } catch {
      input.current?.select();
      setStatus('Selected: press Ctrl+C (⌘C) to copy');
    }
  };
  return (
    <div class="copy">
      <input ref={input} id={id} class="copy-value" readOnly value={value} aria-label={what} />
      <button
        type="button"
        class="secondary"
        onClick={() => {
          void copy();
        }}
      >
        Copy {what}
      </button>
      <span class="copy-status" role="status">
        {status}
      </span>
    </div>
  );
}
