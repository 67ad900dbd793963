interface PagerProps {
  readonly nextCursor: string | null | undefined;
  readonly cursor: string;
  readonly onPage: (cursor: string | undefined) => void;
  readonly what: string;
}

/** Keyset pages: newest first, "Older" follows nextCursor, "Newest" goes back to the start. */
export function Pager({ nextCursor, cursor, onPage, what }: PagerProps) {
  if ((nextCursor === null || nextCursor === undefined) && cursor === '') return null;
  return (
    <nav class="pager" aria-label={`Pages of ${what}`}>
      {cursor === '' ? null : (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            onPage(undefined);
          }}
        >
          Newest {what}
        </button>
      )}
      {nextCursor === null || nextCursor === undefined ? null : (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            onPage(nextCursor);
          }}
        >
          Older {what}
        </button>
      )}
    </nav>
  );
}
