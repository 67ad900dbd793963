import type { ApiClient } from '@clickledger/api-client';
import { useState } from 'preact/hooks';
import { messageOf, unwrap, type Campaign } from '../api';
import { CopyValue } from '../components/copy-button';
import { SelectField, TextField } from '../components/field';
import { EditForm } from '../components/edit-form';
import { Empty, ErrorNotice, Loading, SavedNotice } from '../components/notice';
import { href } from '../router';
import { useLoad } from '../use-load';
import { useFormErrors } from '../use-form-errors';

interface Option {
  readonly value: string;
  readonly label: string;
}

export function CampaignsPage({ api }: { api: ApiClient }) {
  const [editing, setEditing] = useState<Campaign | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const campaigns = useLoad(
    () => unwrap(api.GET('/api/campaigns', { params: { query: { limit: 200 } } })),
    '',
  );
  const offers = useLoad(() => unwrap(api.GET('/api/offers', { params: { query: { limit: 200 } } })), '');
  const sources = useLoad(
    () => unwrap(api.GET('/api/traffic-sources', { params: { query: { limit: 200 } } })),
    '',
  );
  const offerOptions = offers.data?.items.map((o) => ({ value: o.id, label: o.name })) ?? [];
  const sourceOptions = sources.data?.items.map((s) => ({ value: s.id, label: s.name })) ?? [];
  const label = (options: readonly Option[], id: string) => options.find((o) => o.value === id)?.label ?? id;
  return (
    <>
      <p class="lead">
        A campaign is the link you give a traffic source: each click is recorded and sent to one of its
        offers. Set up <a href={href('affiliate-networks')}>affiliate networks</a>,{' '}
        <a href={href('offers')}>offers</a> and <a href={href('traffic-sources')}>traffic sources</a> first.
      </p>
      <section aria-labelledby="campaigns-list">
        <h2 id="campaigns-list">Your campaigns</h2>
        <ErrorNotice message={campaigns.error} />
        <SavedNotice message={notice} />
        <Loading loading={campaigns.loading && campaigns.data === undefined} />
        {campaigns.data?.items.length === 0 ? <Empty>No campaign yet: add one below.</Empty> : null}
        <ul class="cards">
          {campaigns.data?.items.map((campaign) => (
            <CampaignCard
              key={campaign.id}
              api={api}
              campaign={campaign}
              source={label(sourceOptions, campaign.trafficSourceId)}
              offerName={(id) => label(offerOptions, id)}
              onChanged={campaigns.reload}
              onEdit={() => {
                setNotice(null);
                setEditing(campaign);
              }}
            />
          ))}
        </ul>
      </section>
      {offers.data && sources.data ? (
        <CampaignForm
          key={editing?.id ?? 'new'}
          api={api}
          offers={offerOptions}
          sources={sourceOptions}
          editing={editing}
          onDone={(message) => {
            setNotice(message ?? null);
            setEditing(null);
            campaigns.reload();
          }}
        />
      ) : null}
    </>
  );
}

function CampaignCard({
  api,
  campaign,
  source,
  offerName,
  onChanged,
  onEdit,
}: {
  api: ApiClient;
  campaign: Campaign;
  source: string;
  offerName: (id: string) => string;
  onChanged: () => void;
  onEdit: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const next = campaign.status === 'active' ? 'paused' : 'active';
  const toggle = async () => {
    try {
      await unwrap(
        api.PATCH('/api/campaigns/{id}', { params: { path: { id: campaign.id } }, body: { status: next } }),
      );
      setError(null);
      onChanged();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  const total = campaign.offers.reduce((sum, entry) => sum + entry.weight, 0);
  return (
    <li class="card">
      <h3>
        {campaign.name} <span class={`badge ${campaign.status}`}>{campaign.status}</span>
      </h3>
      <CopyValue value={campaign.trackingUrl} what={`tracking link of ${campaign.name}`} />
      <dl class="facts">
        <dt>Traffic source</dt>
        <dd>{source}</dd>
        <dt>Offers</dt>
        <dd>
          {campaign.offers
            .map(
              (entry) =>
                `${offerName(entry.offerId)} (${String(Math.round((entry.weight * 100) / total))} %)`,
            )
            .join(', ')}
        </dd>
      </dl>
      <div class="actions">
        <a class="button secondary" href={href('test-postback', { campaignId: campaign.id })}>
          Test postback for {campaign.name}
        </a>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            void toggle();
          }}
        >
          {next === 'paused' ? 'Pause' : 'Resume'} {campaign.name}
        </button>
        <button type="button" class="secondary" onClick={onEdit}>
          Edit {campaign.name}
        </button>
      </div>
      <ErrorNotice message={error} />
    </li>
  );
}

interface RotationRow {
  readonly offerId: string;
  readonly weight: string;
}

function CampaignForm({
  api,
  offers,
  sources,
  editing,
  onDone,
}: {
  api: ApiClient;
  offers: readonly Option[];
  sources: readonly Option[];
  /** The campaign being edited; null: a new one. */
  editing: Campaign | null;
  /** Saved (with what to tell the user) or cancelled. */
  onDone: (message?: string) => void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [sourceId, setSourceId] = useState(editing?.trafficSourceId ?? sources[0]?.value ?? '');
  const [rotation, setRotation] = useState<readonly RotationRow[]>(
    editing?.offers.map((entry) => ({ offerId: entry.offerId, weight: String(entry.weight) })) ?? [
      { offerId: offers[0]?.value ?? '', weight: '100' },
    ],
  );
  const [postbackUrl, setPostbackUrl] = useState(editing?.postbackUrl ?? '');
  const { fields, error, clear, fail } = useFormErrors();
  const [created, setCreated] = useState<Campaign | null>(null);

  if (offers.length === 0 || sources.length === 0)
    return <Empty>A campaign needs at least one offer and one traffic source: add them first.</Empty>;

  const setRow = (index: number, row: Partial<RotationRow>) => {
    setRotation((current) => current.map((entry, i) => (i === index ? { ...entry, ...row } : entry)));
  };

  const submit = async () => {
    setCreated(null);
    const body = {
      name,
      trafficSourceId: sourceId,
      offers: rotation.map((row) => ({ offerId: row.offerId, weight: Number(row.weight) })),
      // Editing, an emptied override is removed (null); adding, it is left out.
      ...(postbackUrl.trim() === ''
        ? editing === null
          ? {}
          : { postbackUrl: null }
        : { postbackUrl: postbackUrl.trim() }),
    };
    try {
      const campaign = await unwrap(
        editing === null
          ? api.POST('/api/campaigns', { body })
          : api.PATCH('/api/campaigns/{id}', { params: { path: { id: editing.id } }, body }),
      );
      clear();
      setName('');
      if (editing === null) {
        setCreated(campaign);
        onDone();
      } else {
        onDone(`Campaign “${campaign.name}” saved.`);
      }
    } catch (failure) {
      fail(failure);
    }
  };

  return (
    <EditForm
      id="campaign-form"
      add="Add a campaign"
      thing="campaign"
      editing={editing?.name ?? null}
      error={error}
      status={
        created === null ? null : (
          <div class="notice success" role="status">
            Campaign “{created.name}” added. Give the traffic source its tracking link:
            <CopyValue value={created.trackingUrl} what="new tracking link" />
          </div>
        )
      }
      onSubmit={submit}
      onCancel={() => {
        onDone();
      }}
    >
      <TextField label="Name" value={name} onValue={setName} errors={fields['name']} required />
      <SelectField
        label="Traffic source"
        value={sourceId}
        onValue={setSourceId}
        options={sources}
        errors={fields['trafficSourceId']}
      />
      <fieldset>
        <legend>Offers in rotation</legend>
        {fields['offers'] ? <p class="field-error">{fields['offers'].join('. ')}</p> : null}
        {rotation.map((row, index) => (
          <div class="rotation-row" key={index}>
            <SelectField
              label={`Offer ${String(index + 1)}`}
              value={row.offerId}
              onValue={(value) => {
                setRow(index, { offerId: value });
              }}
              options={offers}
              errors={fields[`offers.${String(index)}.offerId`]}
            />
            <TextField
              label={`Weight of offer ${String(index + 1)}`}
              value={row.weight}
              onValue={(value) => {
                setRow(index, { weight: value });
              }}
              inputMode="numeric"
              errors={fields[`offers.${String(index)}.weight`]}
            />
            {rotation.length > 1 ? (
              <button
                type="button"
                class="secondary"
                onClick={() => {
                  setRotation((current) => current.filter((_, i) => i !== index));
                }}
              >
                Remove offer {index + 1}
              </button>
            ) : null}
          </div>
        ))}
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setRotation((current) => [...current, { offerId: offers[0]?.value ?? '', weight: '100' }]);
          }}
        >
          Add another offer
        </button>
      </fieldset>
      <TextField
        label="Conversion postback URL for this campaign"
        value={postbackUrl}
        onValue={setPostbackUrl}
        errors={fields['postbackUrl']}
        hint="Optional: overrides the traffic source's postback URL for this campaign only."
      />
    </EditForm>
  );
}
