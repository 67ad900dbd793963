import type { ApiClient } from '@clickledger/api-client';
import { useState } from 'preact/hooks';
import { unwrap, type Conversion } from '../api';
import { SelectField, TextField } from '../components/field';
import { optional, paramOf, toInstant } from '../components/filters';
import { Empty, ErrorNotice, Loading } from '../components/notice';
import { Pager } from '../components/pager';
import { href, navigate } from '../router';
import { useLoad } from '../use-load';
import { formatTime, OUTCOMES, STATUSES } from '../words';

export function ConversionsPage({ api, params }: { api: ApiClient; params: URLSearchParams }) {
  const [clickId, setClickId] = useState(paramOf(params, 'clickId'));
  const [campaignId, setCampaignId] = useState(paramOf(params, 'campaignId'));
  const [from, setFrom] = useState(paramOf(params, 'from'));
  const [to, setTo] = useState(paramOf(params, 'to'));
  const cursor = paramOf(params, 'cursor');
  const campaigns = useLoad(
    () => unwrap(api.GET('/api/campaigns', { params: { query: { limit: 200 } } })),
    '',
  );
  const conversions = useLoad(
    () =>
      unwrap(
        api.GET('/api/conversions', {
          params: {
            query: {
              clickId: optional(paramOf(params, 'clickId')),
              campaignId: optional(paramOf(params, 'campaignId')),
              from: toInstant(paramOf(params, 'from')),
              to: toInstant(paramOf(params, 'to')),
              cursor: optional(cursor),
              limit: 50,
            },
          },
        }),
      ),
    params.toString(),
  );
  const campaignName = (id: string) => campaigns.data?.items.find((c) => c.id === id)?.name ?? id;
  const apply = (extra: { cursor?: string | undefined } = {}) => {
    navigate('conversions', { clickId: clickId.trim(), campaignId, from, to, ...extra });
  };
  return (
    <>
      <p class="lead">
        Conversions as counted, newest first. A status change (approved → declined) makes a new revision of
        the same conversion; open its history to see each one.
      </p>
      <form
        class="filters"
        role="search"
        aria-label="Filter conversions"
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <TextField label="Click ID" value={clickId} onValue={setClickId} />
        <SelectField
          label="Campaign"
          value={campaignId}
          onValue={setCampaignId}
          options={[
            { value: '', label: 'Any' },
            ...(campaigns.data?.items.map((c) => ({ value: c.id, label: c.name })) ?? []),
          ]}
        />
        <TextField label="Converted from" type="datetime-local" value={from} onValue={setFrom} />
        <TextField label="Converted before" type="datetime-local" value={to} onValue={setTo} />
        <div class="filter-actions">
          <button type="submit">Search</button>
          <a class="button secondary" href={href('conversions')}>
            Clear
          </a>
        </div>
      </form>
      <ErrorNotice message={conversions.error} />
      <Loading loading={conversions.loading} />
      {conversions.data?.items.length === 0 ? <Empty>No conversion matches.</Empty> : null}
      {conversions.data && conversions.data.items.length > 0 ? (
        <table>
          <caption class="visually-hidden">Conversions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Converted</th>
              <th scope="col">Click ID</th>
              <th scope="col">Campaign</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Payout</th>
              <th scope="col">Revisions</th>
            </tr>
          </thead>
          <tbody>
            {conversions.data.items.map((conversion) => (
              <ConversionRow
                key={`${conversion.id}-${String(conversion.revision)}`}
                api={api}
                conversion={conversion}
                campaign={campaignName(conversion.campaignId)}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      <Pager
        what="conversions"
        cursor={cursor}
        nextCursor={conversions.data?.nextCursor}
        onPage={(next) => {
          apply({ cursor: next });
        }}
      />
    </>
  );
}

function ConversionRow({
  api,
  conversion,
  campaign,
}: {
  api: ApiClient;
  conversion: Conversion;
  campaign: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr>
        <td>{formatTime(conversion.convertedAt)}</td>
        <td class="mono">
          <a href={href('postback-log', { clickId: conversion.clickId })}>{conversion.clickId}</a>
        </td>
        <td>{campaign}</td>
        <td>
          {conversion.eventType}
          {conversion.txid === null ? null : <div class="hint">txid {conversion.txid}</div>}
        </td>
        <td>
          <span class={`badge ${conversion.status}`}>{STATUSES[conversion.status] ?? conversion.status}</span>
          {conversion.originalStatus === null ? null : (
            <div class="hint">network sent “{conversion.originalStatus}”</div>
          )}
          {conversion.test ? <div class="badge test">test</div> : null}
        </td>
        <td>
          {conversion.payout.amount} {conversion.payout.currency}
        </td>
        <td>
          <button
            type="button"
            class="secondary"
            aria-expanded={open}
            onClick={() => {
              setOpen(!open);
            }}
          >
            Revision {conversion.revision}: {open ? 'hide' : 'show'} history
          </button>
        </td>
      </tr>
      {open ? (
        <tr class="details">
          <td colSpan={7}>
            <Revisions api={api} conversion={conversion} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The postbacks that made or changed this conversion: one per revision, and the duplicates. */
function Revisions({ api, conversion }: { api: ApiClient; conversion: Conversion }) {
  const entries = useLoad(
    () =>
      unwrap(
        api.GET('/api/postback-log', { params: { query: { clickId: conversion.clickId, limit: 200 } } }),
      ),
    conversion.id,
  );
  const mine = entries.data?.items.filter((entry) => entry.conversionId === conversion.id) ?? [];
  return (
    <>
      <ErrorNotice message={entries.error} />
      <Loading loading={entries.loading} />
      <ol class="revisions" aria-label={`History of conversion ${conversion.id}`}>
        {[...mine].reverse().map((entry) => (
          <li key={entry.id}>
            {formatTime(entry.receivedAt)}: {OUTCOMES[entry.outcome] ?? entry.outcome}
            {entry.revision === null ? '' : `, revision ${String(entry.revision)}`}
            {entry.status === null ? '' : `, ${STATUSES[entry.status] ?? entry.status}`}
            {entry.originalStatus === null ? '' : ` (network sent “${entry.originalStatus}”)`}
          </li>
        ))}
      </ol>
    </>
  );
}
