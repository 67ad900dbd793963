import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The click event recorded from a request the hot lane read holds flat strings only, never a view
 * into the request's head or URL. The lane hands out its header values as such views (V8 makes
 * any substring of 13 characters or more one; one it later uses as a lookup key becomes a forward
 * to an internalized copy), and a single one sends the event's whole `JSON.stringify` down V8's
 * slower path: 2.7 µs per click event instead of about 0.9, measured on events built this way in
 * a loop (docs/performance-history.md, twenty-eighth session).
 *
 * V8's own view of the strings comes from a child process allowed its natives syntax, as in
 * libs/tracking/src/text/own-characters.spec.ts.
 */
describe('the click event of a request read by the hot lane', () => {
  it('holds strings of their own, never views into the request', () => {
    const root = join(__dirname, '../../../..');
    const script = `
      const { plainRequest } = require('./libs/platform/http/src/app/hot-lane.ts');
      const { ClientIpResolver } = require('@clickledger/platform-http');
      const { CampaignCatalog } = require('./services/click/src/campaigns/campaign-catalog.ts');
      const { RecordClickService } = require('./services/click/src/clicks/record-click.service.ts');
      const { campaignLinkOf } = require('./services/click/src/clicks/redirect.route.ts');

      const key = 'views';
      const catalog = new CampaignCatalog();
      catalog.apply(key, {
        campaignId: '00000000-0000-4000-8000-00000000c001',
        campaignKey: key,
        status: 'active',
        trafficSource: {
          id: '00000000-0000-4000-8000-00000000c002',
          externalIdParam: 'clickid',
          costParam: 'cost',
          variables: { var1: 'zone', var2: 'city' },
        },
        offers: [{
          offerId: '00000000-0000-4000-8000-00000000c003',
          weight: 1,
          url: 'https://offers.example/o?s2={clickid}&zone={var1}',
          affiliateNetworkId: '00000000-0000-4000-8000-00000000c004',
          clickIdParam: 's2',
          appendClickId: true,
          currency: 'USD',
        }],
        updatedAt: new Date().toISOString(),
      });
      catalog.markLoaded();
      const recorded = [];
      const publisher = {
        deliver(topic, data, options, durable) {
          recorded.push(data);
          durable({ status: 'acked' });
        },
      };
      const service = new RecordClickService(
        { CLICK_ID_SECRETS: ['views-secret-0123456789abcdef0123'] }, catalog, publisher, null);
      const proxies = new ClientIpResolver(['loopback']);

      // Every value a traffic source or a browser sends that reaches the event, each of 13
      // characters or more: the user agent, the referrer, a 15-character forwarded address, the
      // source's click ID, and variables in ASCII and beyond Latin-1.
      const head = [
        'GET /c/' + key + '?clickid=Cj0KCQiA-external-id-0123456789&zone=zone-1234567890' +
          '&city=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0-%D0%A1%D0%B8%D1%82%D0%B8&cost=0.012345678901 HTTP/1.1',
        'Host: clicks.example',
        'User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
        'Referer: https://publisher.example/articles/some-long-path?utm=1',
        'X-Forwarded-For: 203.118.145.177',
      ].join('\\r\\n');
      // V8 tells a string's representation by its map: one-byte and two-byte strings each have
      // their own for flat strings (sequential, or internalized like a literal), views and ropes.
      const oneByte = 'x'.repeat(40) + process.pid;
      const twoByte = 'ж'.repeat(40) + process.pid;
      const views = [oneByte.slice(1, 30), twoByte.slice(1, 30)];
      const flat = [JSON.parse(JSON.stringify(oneByte)), JSON.parse(JSON.stringify(twoByte)), 'xx', 'жж'];
      const isView = (text) => views.some((view) => %HaveSameMap(text, view));
      const isFlat = (text) => flat.some((sample) => %HaveSameMap(text, sample));

      const request = plainRequest(head, null);
      // Checked before the click: V8 may turn a string it internalizes later (a lookup key) into a
      // forward to the internalized copy.
      const laneGivesViews = isView(request.headers['user-agent']) && isView(request.headers.referer);
      const link = campaignLinkOf(request.url);
      service.record({
        campaignKey: link.key,
        query: link.query,
        ip: proxies.resolve('127.0.0.1', request.headers['x-forwarded-for']),
        userAgent: request.headers['user-agent'],
        referrer: request.headers.referer,
      }).then(() => {
        const found = [];
        const walk = (value, path) => {
          for (const [name, item] of Object.entries(value)) {
            if (typeof item === 'string' && !isFlat(item)) found.push(path + name);
            else if (item !== null && typeof item === 'object') walk(item, path + name + '.');
          }
        };
        walk(recorded[0], '');
        console.log(JSON.stringify({
          laneGivesViews,
          recorded: recorded.length,
          strings: Object.values(recorded[0]).filter((v) => typeof v === 'string').length,
          found,
        }));
      });
    `;
    const printed = execFileSync(
      process.execPath,
      [
        '--allow-natives-syntax',
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        '-e',
        script,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    const result = JSON.parse(printed) as {
      laneGivesViews: boolean;
      recorded: number;
      strings: number;
      found: string[];
    };
    // The premise: what the lane reads is a view (else this test would prove nothing).
    expect(result.laneGivesViews).toBe(true);
    expect(result.recorded).toBe(1);
    expect(result.strings).toBeGreaterThan(10);
    expect(result.found).toEqual([]);
    // A child process that loads ts-node: seconds on a loaded CI machine.
  }, 60_000);
});
