import type { ApiClient } from '@clickledger/api-client';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { unwrap, type TestPostbackResult } from '../api';
import { SelectField, TextField } from '../components/field';
import { Empty, ErrorNotice } from '../components/notice';
import { href } from '../router';
import { useLoad } from '../use-load';
import { DELIVERY_OUTCOMES, explainReason, OUTCOMES, STATUSES } from '../words';
import { useFormErrors } from '../use-form-errors';

export function TestPostbackPage({ api, params }: { api: ApiClient; params: URLSearchParams }) {
  const campaigns = useLoad(
    () => unwrap(api.GET('/api/campaigns', { params: { query: { limit: 200 } } })),
    '',
  );
  const [campaignId, setCampaignId] = useState(params.get('campaignId') ?? '');
  const [payout, setPayout] = useState('');
  const [txid, setTxid] = useState('');
  const [status, setStatus] = useState('');
  const [eventType, setEventType] = useState('');
  const { fields, error, clear, fail } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestPostbackResult | null>(null);
  const options = campaigns.data?.items.map((c) => ({ value: c.id, label: c.name })) ?? [];
  const chosen = campaignId === '' ? (options[0]?.value ?? '') : campaignId;

  const fire = async () => {
    setBusy(true);
    setResult(null);
    const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
    try {
      const answer = await unwrap(
        api.POST('/api/test-postbacks', {
          body: {
            campaignId: chosen,
            payout: optional(payout),
            txid: optional(txid),
            status: optional(status),
            et: optional(eventType),
          },
        }),
      );
      setResult(answer);
      clear();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p class="lead">
        Check a campaign end to end without real traffic: Clickledger makes a test click on its link, fires
        the network's postback URL with the click ID filled in, and shows what happened at each step. Test
        conversions stay out of reports unless you include them.
      </p>
      {campaigns.data && options.length === 0 ? <Empty>Add a campaign first.</Empty> : null}
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          void fire();
        }}
      >
        <SelectField
          label="Campaign"
          value={chosen}
          onValue={setCampaignId}
          options={options}
          errors={fields['campaignId']}
        />
        <div class="grid">
          <TextField
            label="Payout"
            value={payout}
            onValue={setPayout}
            errors={fields['payout']}
            inputMode="decimal"
            placeholder="12.50"
          />
          <TextField label="Transaction ID" value={txid} onValue={setTxid} errors={fields['txid']} />
          <TextField
            label="Status"
            value={status}
            onValue={setStatus}
            errors={fields['status']}
            placeholder="approved"
          />
          <TextField
            label="Event type"
            value={eventType}
            onValue={setEventType}
            errors={fields['et']}
            placeholder="conversion"
          />
        </div>
        <ErrorNotice message={error} />
        <button type="submit" disabled={busy || chosen === ''}>
          {busy ? 'Firing…' : 'Fire test postback'}
        </button>
      </form>
      {result === null ? null : <TestSteps result={result} />}
    </>
  );
}

function Step({ ok, title, children }: { ok: boolean | null; title: string; children?: ComponentChildren }) {
  const mark = ok === null ? 'Not reached' : ok ? 'Done' : 'Failed';
  return (
    <li class={`step ${ok === null ? 'skipped' : ok ? 'ok' : 'failed'}`}>
      <h3>
        <span class="step-mark">{mark}:</span> {title}
      </h3>
      {children}
    </li>
  );
}

const json = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function TestSteps({ result }: { result: TestPostbackResult }) {
  const { click, clickStored, postback, postbackLog, conversion, sourcePostback, stoppedAt } = result;
  return (
    <section aria-labelledby="test-result">
      <h2 id="test-result">Result</h2>
      <p role="status" class={stoppedAt === null ? 'notice success' : 'notice error'}>
        {stoppedAt === null
          ? 'The postback was counted: this campaign is tracked end to end.'
          : `Stopped at: ${stoppedAt}. See that step below.`}
      </p>
      <ol class="steps">
        <Step ok={click.status === 302 && click.clickId !== null} title="Test click on the campaign link">
          <p>
            {click.url} answered {click.status ?? click.error ?? 'nothing'}
            {click.clickId === null ? '' : `; click ID ${click.clickId}`}
          </p>
          {click.location === null ? null : <p class="url">Redirected to {click.location}</p>}
        </Step>
        <Step ok={stoppedAt === 'click' ? null : clickStored !== null} title="Click recorded">
          {clickStored === null ? (
            <p>The click was not stored in time: is the attribution service running?</p>
          ) : null}
        </Step>
        <Step ok={postback === null ? null : postback.status === 200} title="Network's postback URL fired">
          {postback === null ? null : (
            <>
              <p class="url">{postback.url}</p>
              <p>The postback ingress answered {postback.status ?? postback.error ?? 'nothing'}:</p>
              <pre>{json(postback.body)}</pre>
            </>
          )}
        </Step>
        <Step
          ok={postbackLog === null ? null : postbackLog.outcome !== 'rejected'}
          title="Postback log entry"
        >
          {postbackLog === null ? null : (
            <p>
              {OUTCOMES[postbackLog.outcome] ?? postbackLog.outcome}
              {postbackLog.reason === null
                ? ''
                : ` (${postbackLog.reason}): ${explainReason(postbackLog.reason)}`}{' '}
              <a href={href('postback-log', { clickId: postbackLog.clickId ?? undefined })}>
                Open in the postback log
              </a>
            </p>
          )}
        </Step>
        <Step
          ok={conversion === null ? (stoppedAt === 'conversion' ? false : null) : true}
          title="Conversion"
        >
          {conversion === null ? null : (
            <p>
              {STATUSES[conversion.status] ?? conversion.status}, {conversion.payout.amount}{' '}
              {conversion.payout.currency}, event {conversion.eventType}, revision {conversion.revision}.{' '}
              <a href={href('conversions', { clickId: conversion.clickId })}>Open in conversions</a>
            </p>
          )}
        </Step>
        <Step
          ok={
            sourcePostback === null ? null : sourcePostback.deliveries.every((d) => d.outcome === 'delivered')
          }
          title="Traffic source notified"
        >
          {sourcePostback === null ? null : sourcePostback.destination === null ? (
            <p>Neither the campaign nor its traffic source has a postback URL: nothing to send.</p>
          ) : sourcePostback.deliveries.length === 0 ? (
            <p>No delivery: the conversion's status is not one the traffic source is notified of.</p>
          ) : (
            <ul>
              {sourcePostback.deliveries.map((delivery) => (
                <li key={delivery.id}>
                  <span class="url">
                    {delivery.method} {delivery.url}
                  </span>
                  : {DELIVERY_OUTCOMES[delivery.outcome] ?? delivery.outcome}
                  {delivery.lastStatusCode === null ? '' : ` (HTTP ${String(delivery.lastStatusCode)})`}
                  {delivery.lastError === null ? '' : ` ${delivery.lastError}`}
                </li>
              ))}
            </ul>
          )}
        </Step>
      </ol>
    </section>
  );
}
