import type { ComponentChildren } from 'preact';

export function ErrorNotice({ message }: { readonly message: string | null | undefined }) {
  if (message === null || message === undefined) return null;
  return (
    <div class="notice error" role="alert">
      {message}
    </div>
  );
}

export function Empty({ children }: { readonly children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function Loading({ loading }: { readonly loading: boolean }) {
  return loading ? (
    <p class="loading" role="status">
      Loading…
    </p>
  ) : null;
}

/** What was just saved; announced politely. */
export function SavedNotice({ message }: { readonly message: string | null | undefined }) {
  if (message === null || message === undefined) return null;
  return (
    <p class="notice success" role="status">
      {message}
    </p>
  );
}
