import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiClient, type ApiClient } from '@clickledger/api-client';
import { eventually } from '@clickledger/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dashboardContext, launchChromium, watchProblems, type PageProblems } from './browser';
import { E2E_TOKEN, startSystem, type RunningSystem } from './system';

/**
 * The web dashboard in a real Chromium (CONTRACT §10), against the whole system: a media buyer
 * signs in, builds a network, an offer, a traffic source and a campaign through the forms, copies
 * the tracking link and clicks it, fires a postback, and finds it in the log, the conversions and
 * a report (with its CSV). A postback parameter holding HTML is shown as text. No page logs an
 * error. `npm run docs:screenshots` runs this spec with SCREENSHOTS_DIR set to refresh docs/screenshots.
 */

const XSS = '<img src=x onerror=alert(1)>';
const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const SCREENSHOTS = process.env.SCREENSHOTS_DIR;
const today = () => new Date().toISOString().slice(0, 10);

describe('web dashboard', () => {
  let system: RunningSystem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let api: ApiClient;
  const suffix = Date.now().toString(36);
  const names = {
    network: `CAKE ${suffix}`,
    offer: `Sweeps ${suffix}`,
    source: `Push ${suffix}`,
    campaign: `Push US ${suffix}`,
  };

  const shoot = async (name: string): Promise<void> => {
    if (SCREENSHOTS === undefined) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };
  const openPage = async (name: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  beforeAll(async () => {
    system = await startSystem();
    api = createApiClient(system.urls.api, E2E_TOKEN);
    browser = await launchChromium();
    context = await dashboardContext(browser, system.urls.api);
    page = await context.newPage();
    problems = watchProblems(page);
  });

  afterAll(async () => {
    await browser.close();
    await system.stop();
  });

  it('serves the dashboard at / under a CSP with no inline script, and keeps the API behind the token', async () => {
    const index = await fetch(`${system.urls.api}/`);
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect((await fetch(`${system.urls.api}/api/campaigns`)).status).toBe(401);
  });

  it('signs in with the API token, and refuses a wrong one', async () => {
    await page.goto('/');
    await shoot('sign-in');
    await page.getByLabel('API token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('not the API_TOKEN').waitFor();
    await page.getByLabel('API token').fill(E2E_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    for (const name of [
      'Campaigns',
      'Offers',
      'Affiliate networks',
      'Traffic sources',
      'Test postback',
      'Postback log',
      'Conversions',
      'Reports',
    ]) {
      expect(await page.getByRole('link', { name, exact: true }).count()).toBe(1);
    }
    // The token is kept for the tab: a reload stays signed in.
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('creates an affiliate network from a template and shows its postback URL to copy', async () => {
    await openPage('Affiliate networks');
    await page.getByLabel('Name', { exact: true }).fill(names.network);
    await page.getByLabel('Template').selectOption('cake');
    await page.getByRole('button', { name: 'Add network' }).click();
    await page.getByRole('heading', { name: names.network }).waitFor();
    const url = await page.getByLabel(`postback URL of ${names.network}`).inputValue();
    expect(url).toBe(`${system.urls['postback-ingress']}/postback?cid=#s2#&payout=#price#&txid=#tid#`);

    // The network's own status values, added by editing it.
    await page.getByRole('button', { name: `Edit ${names.network}` }).click();
    await page.getByText('More settings').click();
    await page.getByLabel('Status map').fill('5=pending\nREVERSED=declined');
    await page.getByRole('button', { name: 'Save network' }).click();
    await page.getByRole('status').getByText(`Network “${names.network}” saved.`).waitFor();
    await page.getByText('5 → Pending, REVERSED → Declined').waitFor();
    await shoot('affiliate-networks');
  });

  it('creates an offer, showing the API validation message beside the field', async () => {
    await openPage('Offers');
    // Keyboard: the new page's heading has focus, and the next Tab shows a visible focus ring.
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Offers');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).not.toBe(
      'none',
    );

    await page.getByLabel('Name', { exact: true }).fill(names.offer);
    await page.getByLabel('Offer URL', { exact: true }).fill('https://network.example/o?id=7&s2={bogus}');
    await page.getByLabel('Payout amount', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Add offer' }).click();
    const urlField = page.getByLabel('Offer URL', { exact: true });
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    expect(await urlField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await urlField.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(`[id="${describedBy.split(' ').pop() ?? ''}"]`).textContent();
    expect(message).toContain('{bogus}');
    await shoot('offers-validation');

    await urlField.fill('https://network.example/o?id=7&s2={clickid}');
    await page.getByRole('button', { name: 'Add offer' }).click();
    await page.getByRole('cell', { name: names.offer, exact: true }).waitFor();

    // Editing: the form opens with the offer's values, focus on its heading; the list shows the change.
    await page.getByRole('button', { name: `Edit ${names.offer}` }).click();
    await page.getByRole('heading', { name: `Edit ${names.offer}` }).waitFor();
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe(
      `Edit ${names.offer}`,
    );
    expect(await page.getByLabel('Offer URL', { exact: true }).inputValue()).toBe(
      'https://network.example/o?id=7&s2={clickid}',
    );
    await page.getByLabel('Payout amount', { exact: true }).fill('6');
    await page.getByRole('button', { name: 'Save offer' }).click();
    await page.getByRole('status').getByText(`Offer “${names.offer}” saved.`).waitFor();
    await page.locator('tr', { hasText: names.offer }).getByText('From postback, else 6 USD').waitFor();
  });

  it('creates a traffic source with a custom variable', async () => {
    await openPage('Traffic sources');
    await page.getByLabel('Name', { exact: true }).fill(names.source);
    await page.getByLabel('Its click ID parameter').fill('clickid');
    await page.getByText('Custom variables').click();
    await page.getByLabel('var1', { exact: true }).fill('zone');
    await page.getByRole('button', { name: 'Add traffic source' }).click();
    await page.getByRole('cell', { name: names.source, exact: true }).waitFor();
    await shoot('traffic-sources');
  });

  let clickId = '';

  it('creates a campaign, copies its tracking link, and the link records a click', async () => {
    await openPage('Campaigns');
    await page.getByLabel('Name', { exact: true }).fill(names.campaign);
    await page.getByLabel('Traffic source').selectOption({ label: names.source });
    await page.getByLabel('Offer 1', { exact: true }).selectOption({ label: names.offer });
    await page.getByRole('button', { name: 'Add campaign' }).click();
    await page.getByRole('heading', { name: names.campaign }).waitFor();
    await page.getByRole('button', { name: `Copy tracking link of ${names.campaign}` }).click();
    await page.getByRole('status').getByText('Copied').first().waitFor();
    const link = await page.evaluate<string>('navigator.clipboard.readText()');
    // The link carries the source's own macros for its click ID and variables, as its panel needs.
    expect(link).toMatch(
      new RegExp(`^${system.urls.click}/c/[A-Za-z0-9_-]+\\?clickid=\\{clickid\\}&zone=\\{zone\\}$`),
    );
    await shoot('campaigns');

    // What the traffic source does with it: fill its macros, send the visitor.
    const click = await fetch(link.replace('{clickid}', 'src-1').replace('{zone}', '42'), {
      redirect: 'manual',
      // A visitor's browser: Node's own user agent is a known bot, counted apart.
      headers: { 'user-agent': BROWSER_UA },
    });
    expect(click.status).toBe(302);
    const location = new URL(click.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://network.example/o');
    clickId = location.searchParams.get('s2') ?? '';
    expect(clickId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('fires a postback with the test tool and shows every step', async () => {
    await openPage('Test postback');
    await page.getByLabel('Campaign').selectOption({ label: names.campaign });
    await page.getByLabel('Payout', { exact: true }).fill('7.25');
    await page.getByRole('button', { name: 'Fire test postback' }).click();
    await page.getByText('The postback was counted').waitFor({ timeout: 30_000 });
    expect(await page.locator('.step.ok').count()).toBeGreaterThanOrEqual(5);
    await shoot('test-postback');
  });

  it("finds the network's postback in the log, HTML in a parameter shown as text, and in the conversions", async () => {
    const postback = new URL(`${system.urls['postback-ingress']}/postback`);
    postback.search = new URLSearchParams({
      cid: clickId,
      payout: '3.50',
      txid: 'T-1',
      note: XSS,
    }).toString();
    expect((await fetch(postback)).status).toBe(200);
    // The generated client, making real calls: wait until attribution has counted it.
    await eventually(
      async () => {
        const { data } = await api.GET('/api/conversions', { params: { query: { clickId } } });
        expect(data?.items).toHaveLength(1);
      },
      { timeoutMs: 20_000 },
    );

    await openPage('Postback log');
    await page.getByLabel('Click ID').fill(clickId);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.locator('tr', { hasText: clickId }).filter({ hasText: 'Counted' });
    await row.waitFor();
    await row.getByText(XSS, { exact: true }).waitFor();
    expect(await page.locator('img').count()).toBe(0);
    await shoot('postback-log');

    await row.getByRole('link', { name: clickId }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversions' }).waitFor();
    const conversion = page.locator('tr', { hasText: clickId });
    await conversion.getByText('3.5 USD').waitFor();
    await conversion.getByText('Approved').waitFor();
    await conversion.getByRole('button', { name: /Revision 1: show history/ }).click();
    await page
      .getByRole('list', { name: /History of conversion/ })
      .getByText('Counted, revision 1')
      .waitFor();
    await shoot('conversions');
  });

  it('shows it in a report with a chart, and downloads the report as CSV', async () => {
    const day = today();
    await eventually(
      async () => {
        const { data } = await api.GET('/api/reports', {
          params: {
            query: {
              from: day,
              to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
              groupBy: 'campaign',
              tz: 'UTC',
            },
          },
        });
        expect(data?.totals.conversions).toBe(1);
      },
      { timeoutMs: 20_000 },
    );
    await openPage('Reports');
    await page.getByLabel('Group by').selectOption('campaign');
    await page.getByLabel('From').fill(day);
    await page.getByLabel('To (inclusive)').fill(day);
    await page.getByLabel('Time zone').fill('UTC');
    await page.getByRole('button', { name: 'Show report' }).click();
    const row = page.locator('table.report tbody tr', { hasText: names.campaign });
    await row.waitFor();
    // Clicks, bot clicks, conversions: the real click and its conversion (the test one is left out).
    expect(await row.locator('td').nth(0).textContent()).toBe('1');
    expect(await row.locator('td').nth(2).textContent()).toBe('1');
    expect(await row.locator('td').nth(5).textContent()).toBe('3.5');
    await page.getByRole('img', { name: /Clicks and conversions per hour/ }).waitFor();
    await shoot('reports');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain(names.campaign);
    expect(csv.split('\n')[0]).toMatch(/campaign/i);
  });

  it("shows a reversal as the conversion's second revision, with its history", async () => {
    const reversal = new URL(`${system.urls['postback-ingress']}/postback`);
    reversal.search = new URLSearchParams({ cid: clickId, txid: 'T-1', status: 'reversed' }).toString();
    expect((await fetch(reversal)).status).toBe(200);
    await eventually(
      async () => {
        const { data } = await api.GET('/api/conversions', { params: { query: { clickId } } });
        expect(data?.items[0]).toMatchObject({ revision: 2, status: 'declined' });
      },
      { timeoutMs: 20_000 },
    );
    await page.goto(`/#/conversions?clickId=${clickId}`);
    const conversion = page.locator('tr', { hasText: clickId });
    await conversion.getByText('Declined').waitFor();
    await conversion.getByText('network sent “reversed”').waitFor();
    await conversion.getByRole('button', { name: /Revision 2: show history/ }).click();
    const history = page.getByRole('list', { name: /History of conversion/ });
    await history.getByText('Counted, revision 1, Approved').waitFor();
    await history.getByText('Status changed, revision 2, Declined (network sent “reversed”)').waitFor();
    await shoot('conversions');
  });

  it('shows the traffic-source delivery log', async () => {
    await openPage('Traffic-source deliveries');
    await page.getByText('Nothing sent yet').waitFor();
  });

  it('serves Swagger UI at /api/docs', async () => {
    const docs = await context.newPage();
    const docsProblems = watchProblems(docs);
    await docs.goto('/api/docs');
    await docs.getByText('Clickledger control-plane API').first().waitFor();
    await docs.locator('.opblock').first().waitFor();
    if (SCREENSHOTS !== undefined) await docs.screenshot({ path: join(SCREENSHOTS, 'api-docs.png') });
    expect(docsProblems).toEqual({ consoleErrors: [], pageErrors: [], dialogs: [], failedRequests: [] });
    await docs.close();
  });

  it('makes a typed call with the client generated from the OpenAPI document', async () => {
    const { data: campaigns } = await api.GET('/api/campaigns', { params: { query: { limit: 10 } } });
    const campaign = campaigns?.items.find((item) => item.name === names.campaign);
    expect(campaign).toBeDefined();
    const { data, response } = await api.GET('/api/campaigns/{id}', {
      params: { path: { id: campaign!.id } },
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      name: names.campaign,
      status: 'active',
      trackingUrl: campaign!.trackingUrl,
    });
  });

  it('logged no console error, no page error and no dialog on any page', () => {
    // The only failed requests are the two refusals provoked above: the wrong token, the bad offer URL.
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], dialogs: [], failedRequests: [401, 400] });
  });
});
