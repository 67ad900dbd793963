import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, messageOf, unwrap, whenUnauthorized } from './api';
import { ErrorNotice } from './components/notice';
import { CampaignsPage } from './pages/campaigns';
import { ConversionsPage } from './pages/conversions';
import { DeliveriesPage } from './pages/deliveries';
import { NetworksPage } from './pages/networks';
import { OffersPage } from './pages/offers';
import { PostbackLogPage } from './pages/postback-log';
import { ReportsPage } from './pages/reports';
import { TestPostbackPage } from './pages/test-postback';
import { TrafficSourcesPage } from './pages/traffic-sources';
import { href, PAGES, useRoute, type Route } from './router';
import { openSession, restoreSession, saveSession, type Session } from './session';

export function App() {
  const [session, setSession] = useState<Session | null>(restoreSession);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    whenUnauthorized(() => {
      saveSession(null);
      setSession(null);
      setExpired(true);
    });
  }, []);
  if (session === null)
    return (
      <SignIn
        expired={expired}
        onSignedIn={(next) => {
          saveSession(next);
          setExpired(false);
          setSession(next);
        }}
      />
    );
  return (
    <Shell
      session={session}
      onSignOut={() => {
        saveSession(null);
        setSession(null);
      }}
    />
  );
}

function SignIn({ expired, onSignedIn }: { expired: boolean; onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(
    expired ? 'The API refused the token: sign in again.' : null,
  );
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const session = openSession(token.trim());
    try {
      // Any call behind the token proves it.
      await unwrap(session.api.GET('/api/campaigns', { params: { query: { limit: 1 } } }));
      onSignedIn(session);
    } catch (failure) {
      setError(
        failure instanceof ApiFailure && failure.status === 401
          ? 'That token is not the API_TOKEN the API was started with. The development stack uses dev-token.'
          : messageOf(failure),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>Clickledger</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div class="field">
          <label for="api-token">API token</label>
          <input
            id="api-token"
            type="password"
            autoComplete="current-password"
            required
            value={token}
            aria-describedby="api-token-hint"
            onInput={(event) => {
              setToken(event.currentTarget.value);
            }}
          />
          <div class="hint" id="api-token-hint">
            The API_TOKEN the API runs with (dev-token on the development stack). Kept for this tab only.
          </div>
        </div>
        <ErrorNotice message={error} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const heading = useRef<HTMLHeadingElement>(null);
  const title = PAGES.find((page) => page.path === route.page)?.title ?? '';
  const first = useRef(true);
  useEffect(() => {
    document.title = `${title} · Clickledger`;
    // Keyboard and screen-reader users land on the new page's heading, not at the top of the nav.
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [route.page, title]);
  return (
    <>
      <button
        type="button"
        class="skip-link"
        onClick={() => {
          heading.current?.focus();
        }}
      >
        Skip to content
      </button>
      <header class="top">
        <span class="brand">Clickledger</span>
        <nav aria-label="Main">
          <ul>
            {PAGES.map((page) => (
              <li key={page.path}>
                <a href={href(page.path)} aria-current={page.path === route.page ? 'page' : undefined}>
                  {page.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="top-links">
          <a href="/api/docs" target="_blank" rel="noopener">
            API docs
          </a>
          <button type="button" class="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        <h1 tabIndex={-1} ref={heading}>
          {title}
        </h1>
        <Page route={route} session={session} />
      </main>
    </>
  );
}

function Page({ route, session }: { route: Route; session: Session }) {
  const { api } = session;
  switch (route.page) {
    case 'campaigns':
      return <CampaignsPage api={api} />;
    case 'offers':
      return <OffersPage api={api} />;
    case 'affiliate-networks':
      return <NetworksPage api={api} />;
    case 'traffic-sources':
      return <TrafficSourcesPage api={api} />;
    case 'test-postback':
      return <TestPostbackPage api={api} params={route.params} />;
    case 'postback-log':
      return <PostbackLogPage api={api} params={route.params} />;
    case 'conversions':
      return <ConversionsPage api={api} params={route.params} />;
    case 'deliveries':
      return <DeliveriesPage api={api} params={route.params} />;
    case 'reports':
      return <ReportsPage session={session} />;
  }
}
