import type { ApiClient } from '@clickledger/api-client';
import { useState } from 'preact/hooks';
import { unwrap, type PostbackLogEntry } from '../api';
import { SelectField, TextField } from '../components/field';
import { optional, paramOf, toInstant } from '../components/filters';
import { Empty, ErrorNotice, Loading } from '../components/notice';
import { Pager } from '../components/pager';
import { href, navigate } from '../router';
import { useLoad } from '../use-load';
import { explainReason, formatTime, OUTCOMES, REASONS, STATUSES } from '../words';

const OUTCOME_VALUES = ['accepted', 'status-changed', 'duplicate', 'rejected', 'pending'] as const;
type Outcome = (typeof OUTCOME_VALUES)[number];
const isOutcome = (value: string): value is Outcome => (OUTCOME_VALUES as readonly string[]).includes(value);

export function PostbackLogPage({ api, params }: { api: ApiClient; params: URLSearchParams }) {
  const [clickId, setClickId] = useState(paramOf(params, 'clickId'));
  const [outcome, setOutcome] = useState(paramOf(params, 'outcome'));
  const [reason, setReason] = useState(paramOf(params, 'reason'));
  const [from, setFrom] = useState(paramOf(params, 'from'));
  const [to, setTo] = useState(paramOf(params, 'to'));
  const cursor = paramOf(params, 'cursor');
  const applied = {
    clickId: paramOf(params, 'clickId'),
    outcome: paramOf(params, 'outcome'),
    reason: paramOf(params, 'reason'),
    from: paramOf(params, 'from'),
    to: paramOf(params, 'to'),
  };
  const log = useLoad(
    () =>
      unwrap(
        api.GET('/api/postback-log', {
          params: {
            query: {
              clickId: optional(applied.clickId),
              outcome: isOutcome(applied.outcome) ? applied.outcome : undefined,
              reason: optional(applied.reason),
              from: toInstant(applied.from),
              to: toInstant(applied.to),
              cursor: optional(cursor),
              limit: 50,
            },
          },
        }),
      ),
    params.toString(),
  );
  const apply = (extra: { cursor?: string | undefined } = {}) => {
    navigate('postback-log', { clickId: clickId.trim(), outcome, reason, from, to, ...extra });
  };
  return (
    <>
      <p class="lead">
        Every postback a network sent, counted or not, and why. Looking for a missing conversion? Search its
        click ID.
      </p>
      <form
        class="filters"
        role="search"
        aria-label="Filter the postback log"
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <TextField label="Click ID" value={clickId} onValue={setClickId} />
        <SelectField
          label="Outcome"
          value={outcome}
          onValue={setOutcome}
          options={[
            { value: '', label: 'Any' },
            ...OUTCOME_VALUES.map((v) => ({ value: v, label: OUTCOMES[v] ?? v })),
          ]}
        />
        <SelectField
          label="Reason"
          value={reason}
          onValue={setReason}
          options={[
            { value: '', label: 'Any' },
            ...Object.keys(REASONS).map((code) => ({ value: code, label: code })),
          ]}
        />
        <TextField label="Received from" type="datetime-local" value={from} onValue={setFrom} />
        <TextField label="Received before" type="datetime-local" value={to} onValue={setTo} />
        <div class="filter-actions">
          <button type="submit">Search</button>
          <a class="button secondary" href={href('postback-log')}>
            Clear
          </a>
        </div>
      </form>
      <ErrorNotice message={log.error} />
      <Loading loading={log.loading} />
      {log.data?.items.length === 0 ? <Empty>No postback matches.</Empty> : null}
      {log.data && log.data.items.length > 0 ? (
        <table class="log">
          <caption class="visually-hidden">Postbacks, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Click ID</th>
              <th scope="col">Outcome</th>
              <th scope="col">Why</th>
              <th scope="col">Parameters</th>
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((entry) => (
              <LogRow key={entry.id} entry={entry} />
            ))}
          </tbody>
        </table>
      ) : null}
      <Pager
        what="postbacks"
        cursor={cursor}
        nextCursor={log.data?.nextCursor}
        onPage={(next) => {
          apply({ cursor: next });
        }}
      />
    </>
  );
}

function why(entry: PostbackLogEntry): string {
  if (entry.reason !== null) return explainReason(entry.reason);
  switch (entry.outcome) {
    case 'accepted':
      return `Counted as a new conversion (${STATUSES[entry.status ?? ''] ?? entry.status ?? ''}).`;
    case 'status-changed':
      return `The conversion's status changed to ${STATUSES[entry.status ?? ''] ?? entry.status ?? ''} (revision ${String(entry.revision ?? '')}).`;
    case 'pending':
      return 'Its click has not arrived yet; it is retried for a while.';
    case 'duplicate':
    case 'rejected':
      return entry.message ?? '';
  }
}

function LogRow({ entry }: { entry: PostbackLogEntry }) {
  return (
    <tr class={`outcome-${entry.outcome}`}>
      <td>{formatTime(entry.receivedAt)}</td>
      <td class="mono">
        {entry.clickId === null ? (
          '–'
        ) : (
          <a href={href('conversions', { clickId: entry.clickId })}>{entry.clickId}</a>
        )}
      </td>
      <td>
        <span class={`badge ${entry.outcome}`}>{OUTCOMES[entry.outcome] ?? entry.outcome}</span>
        {entry.reason === null ? null : <div class="code">{entry.reason}</div>}
      </td>
      <td>
        <p>{why(entry)}</p>
        {entry.message !== null && entry.reason !== null ? <p class="hint">{entry.message}</p> : null}
        {entry.warnings.map((warning) => (
          <p class="warning" key={warning.code}>
            Warning: {warning.message}
          </p>
        ))}
      </td>
      <td>
        <dl class="params">
          {Object.entries(entry.params).map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {entry.sourceIp === null ? null : <p class="hint">from {entry.sourceIp}</p>}
      </td>
    </tr>
  );
}
