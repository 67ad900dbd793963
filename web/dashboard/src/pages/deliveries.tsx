import type { ApiClient } from '@clickledger/api-client';
import { useState } from 'preact/hooks';
import { messageOf, unwrap, type Delivery } from '../api';
import { SelectField } from '../components/field';
import { optional, paramOf } from '../components/filters';
import { Empty, ErrorNotice, Loading } from '../components/notice';
import { Pager } from '../components/pager';
import { href, navigate } from '../router';
import { useLoad } from '../use-load';
import { DELIVERY_OUTCOMES, formatTime } from '../words';

const OUTCOME_VALUES = ['pending', 'delivered', 'failed', 'expired'] as const;
type Outcome = (typeof OUTCOME_VALUES)[number];
const isOutcome = (value: string): value is Outcome => (OUTCOME_VALUES as readonly string[]).includes(value);

export function DeliveriesPage({ api, params }: { api: ApiClient; params: URLSearchParams }) {
  const [outcome, setOutcome] = useState(paramOf(params, 'outcome'));
  const cursor = paramOf(params, 'cursor');
  const deliveries = useLoad(
    () =>
      unwrap(
        api.GET('/api/source-postbacks', {
          params: {
            query: {
              outcome: isOutcome(paramOf(params, 'outcome'))
                ? (paramOf(params, 'outcome') as Outcome)
                : undefined,
              conversionId: optional(paramOf(params, 'conversionId')),
              cursor: optional(cursor),
              limit: 50,
            },
          },
        }),
      ),
    params.toString(),
  );
  return (
    <>
      <p class="lead">
        The conversions Clickledger reported back to your traffic sources, with every attempt. Failed ones are
        retried for a day; resend one after fixing its URL or once the source is back.
      </p>
      <form
        class="filters"
        role="search"
        aria-label="Filter deliveries"
        onSubmit={(event) => {
          event.preventDefault();
          navigate('deliveries', { outcome });
        }}
      >
        <SelectField
          label="Outcome"
          value={outcome}
          onValue={setOutcome}
          options={[
            { value: '', label: 'Any' },
            ...OUTCOME_VALUES.map((v) => ({ value: v, label: DELIVERY_OUTCOMES[v] ?? v })),
          ]}
        />
        <div class="filter-actions">
          <button type="submit">Search</button>
          <a class="button secondary" href={href('deliveries')}>
            Clear
          </a>
        </div>
      </form>
      <ErrorNotice message={deliveries.error} />
      <Loading loading={deliveries.loading} />
      {deliveries.data?.items.length === 0 ? (
        <Empty>
          Nothing sent yet: traffic sources with a postback URL are notified of their conversions here.
        </Empty>
      ) : null}
      <ul class="cards">
        {deliveries.data?.items.map((delivery) => (
          <DeliveryCard key={delivery.id} api={api} delivery={delivery} onResent={deliveries.reload} />
        ))}
      </ul>
      <Pager
        what="deliveries"
        cursor={cursor}
        nextCursor={deliveries.data?.nextCursor}
        onPage={(next) => {
          navigate('deliveries', { outcome, cursor: next });
        }}
      />
    </>
  );
}

function DeliveryCard({
  api,
  delivery,
  onResent,
}: {
  api: ApiClient;
  delivery: Delivery;
  onResent: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const resend = async () => {
    try {
      await unwrap(api.POST('/api/source-postbacks/{id}/resend', { params: { path: { id: delivery.id } } }));
      setError(null);
      setNote('Queued: it is sent again within seconds.');
      onResent();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <li class="card">
      <h3>
        <span class={`badge ${delivery.outcome}`}>
          {DELIVERY_OUTCOMES[delivery.outcome] ?? delivery.outcome}
        </span>{' '}
        {delivery.conversionStatus} conversion, revision {delivery.revision}
      </h3>
      <p class="url">
        {delivery.method} {delivery.url}
      </p>
      <dl class="facts">
        <dt>Click ID</dt>
        <dd class="mono">
          <a href={href('conversions', { clickId: delivery.clickId })}>{delivery.clickId}</a>
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(delivery.createdAt)}</dd>
        {delivery.nextAttemptAt === null ? null : (
          <>
            <dt>Next attempt</dt>
            <dd>{formatTime(delivery.nextAttemptAt)}</dd>
          </>
        )}
        {delivery.lastError === null ? null : (
          <>
            <dt>Last error</dt>
            <dd>{delivery.lastError}</dd>
          </>
        )}
      </dl>
      <details>
        <summary>
          {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? '' : 's'}
        </summary>
        <ol>
          {delivery.attempts.map((attempt) => (
            <li key={attempt.attempt}>
              {formatTime(attempt.startedAt)}: {DELIVERY_OUTCOMES[attempt.outcome] ?? attempt.outcome}
              {attempt.statusCode === null ? '' : `, HTTP ${String(attempt.statusCode)}`},{' '}
              {attempt.durationMs} ms
              {attempt.error === null ? '' : `, ${attempt.error}`}
              {attempt.response === null ? null : <pre>{attempt.response}</pre>}
            </li>
          ))}
        </ol>
      </details>
      <button
        type="button"
        class="secondary"
        onClick={() => {
          void resend();
        }}
      >
        Resend
      </button>
      {note === null ? null : <span role="status">{note}</span>}
      <ErrorNotice message={error} />
    </li>
  );
}
