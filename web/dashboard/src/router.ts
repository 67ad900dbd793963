import { useEffect, useState } from 'preact/hooks';

/** Pages by their hash path (`#/postback-log?clickId=…`): the server serves one index.html. */
export const PAGES = [
  { path: 'campaigns', title: 'Campaigns' },
  { path: 'offers', title: 'Offers' },
  { path: 'affiliate-networks', title: 'Affiliate networks' },
  { path: 'traffic-sources', title: 'Traffic sources' },
  { path: 'test-postback', title: 'Test postback' },
  { path: 'postback-log', title: 'Postback log' },
  { path: 'conversions', title: 'Conversions' },
  { path: 'deliveries', title: 'Traffic-source deliveries' },
  { path: 'reports', title: 'Reports' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

export interface Route {
  readonly page: PagePath;
  readonly params: URLSearchParams;
}

const isPage = (path: string): path is PagePath => PAGES.some((page) => page.path === path);

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return { page: isPage(path) ? path : 'campaigns', params: new URLSearchParams(query) };
}

export function href(page: PagePath, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(
    Object.entries(params).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  ).toString();
  return `#/${page}${query === '' ? '' : `?${query}`}`;
}

export function navigate(page: PagePath, params: Record<string, string | undefined> = {}): void {
  window.location.hash = href(page, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => {
      setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener('hashchange', update);
    return () => {
      window.removeEventListener('hashchange', update);
    };
  }, []);
  return route;
}
