import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs the package); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * What a page said that it should not have: console errors, uncaught errors, dialogs (alert()).
 * Chromium also logs every 4xx/5xx answer to a fetch as a console error: those are kept apart, by
 * status, so a test can assert they are exactly the refusals it provoked (a wrong token, an invalid form).
 */
export interface PageProblems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly dialogs: string[];
  readonly failedRequests: number[];
}

const FAILED_REQUEST = /^Failed to load resource: the server responded with a status of (\d{3})/;

export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], dialogs: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const failed = FAILED_REQUEST.exec(message.text());
    if (failed) problems.failedRequests.push(Number(failed[1]));
    else problems.consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    problems.pageErrors.push(`${page.url()}: ${error.message}`);
  });
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return problems;
}

/** A context on the dashboard's origin that may read and write the clipboard (the copy buttons). */
export function dashboardContext(browser: Browser, origin: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: origin,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}
