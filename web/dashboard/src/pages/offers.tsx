import type { ApiClient } from '@clickledger/api-client';
import { useRef, useState } from 'preact/hooks';
import { unwrap, type Offer } from '../api';
import { EditForm } from '../components/edit-form';
import { SelectField, TextField } from '../components/field';
import { Empty, ErrorNotice, Loading, SavedNotice } from '../components/notice';
import { useLoad } from '../use-load';
import { useFormErrors } from '../use-form-errors';

/** The offer URL tokens (CONTRACT §3) with what each becomes, for the help beside the URL field. */
const TOKENS: readonly (readonly [string, string])[] = [
  ['{clickid}', 'our click ID: put it in the sub-ID parameter the network posts back'],
  ['{externalid}', "the traffic source's own click ID"],
  ['{cost}', 'cost of the click, from the traffic source'],
  ['{var1}', 'custom variable 1 (…{var10})'],
  ['{country}', 'visitor country, e.g. US'],
  ['{device}', 'mobile, tablet, desktop…'],
  ['{os}', 'operating system'],
  ['{browser}', 'browser'],
  ['{campaign.id}', 'campaign id'],
  ['{campaign.key}', 'campaign key'],
  ['{offer.id}', 'offer id'],
  ['{affiliatenetwork.id}', 'network id'],
  ['{trafficsource.id}', 'traffic source id'],
  ['{timestamp}', 'click time, Unix seconds'],
];

export function OffersPage({ api }: { api: ApiClient }) {
  const [editing, setEditing] = useState<Offer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const offers = useLoad(() => unwrap(api.GET('/api/offers', { params: { query: { limit: 200 } } })), '');
  const networks = useLoad(
    () => unwrap(api.GET('/api/affiliate-networks', { params: { query: { limit: 200 } } })),
    '',
  );
  const networkName = (id: string) => networks.data?.items.find((n) => n.id === id)?.name ?? id;
  return (
    <>
      <p class="lead">
        The landing pages you send visitors to, each from an affiliate network, with its payout.
      </p>
      <section aria-labelledby="offers-list">
        <h2 id="offers-list">Your offers</h2>
        <ErrorNotice message={offers.error} />
        <SavedNotice message={notice} />
        <Loading loading={offers.loading && offers.data === undefined} />
        {offers.data?.items.length === 0 ? <Empty>No offer yet: add one below.</Empty> : null}
        {offers.data && offers.data.items.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Network</th>
                <th scope="col">URL</th>
                <th scope="col">Payout</th>
                <th scope="col">Window</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {offers.data.items.map((offer) => (
                <tr key={offer.id}>
                  <td>{offer.name}</td>
                  <td>{networkName(offer.affiliateNetworkId)}</td>
                  <td class="url">{offer.url}</td>
                  <td>
                    {offer.payout.mode === 'auto' ? 'From postback, else ' : 'Fixed '}
                    {offer.payout.amount} {offer.payout.currency}
                  </td>
                  <td>{offer.attributionWindowDays} days</td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => {
                        setNotice(null);
                        setEditing(offer);
                      }}
                    >
                      Edit {offer.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {networks.data ? (
        <OfferForm
          key={editing?.id ?? 'new'}
          api={api}
          networks={networks.data.items.map((n) => ({ value: n.id, label: n.name }))}
          editing={editing}
          onDone={(message) => {
            setNotice(message ?? null);
            setEditing(null);
            offers.reload();
          }}
        />
      ) : null}
    </>
  );
}

function OfferForm({
  api,
  networks,
  editing,
  onDone,
}: {
  api: ApiClient;
  networks: readonly { value: string; label: string }[];
  /** The offer being edited; null: a new one. */
  editing: Offer | null;
  /** Saved (with what to tell the user) or cancelled. */
  onDone: (message?: string) => void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [networkId, setNetworkId] = useState(editing?.affiliateNetworkId ?? networks[0]?.value ?? '');
  const [mode, setMode] = useState<'auto' | 'fixed'>(editing?.payout.mode ?? 'auto');
  const [amount, setAmount] = useState(editing?.payout.amount ?? '0');
  const [currency, setCurrency] = useState(editing?.payout.currency ?? 'USD');
  const [windowDays, setWindowDays] = useState(String(editing?.attributionWindowDays ?? 30));
  const { fields, error, clear, fail } = useFormErrors();
  const urlInput = useRef<HTMLDivElement>(null);

  if (networks.length === 0) return <Empty>Add an affiliate network first: an offer belongs to one.</Empty>;

  const insertToken = (token: string) => {
    setUrl((current) => current + token);
    urlInput.current?.querySelector('input')?.focus();
  };

  const submit = async () => {
    const body = {
      name,
      url,
      affiliateNetworkId: networkId,
      payout: { mode, amount, currency },
      attributionWindowDays: Number(windowDays),
    };
    try {
      const offer = await unwrap(
        editing === null
          ? api.POST('/api/offers', { body })
          : api.PATCH('/api/offers/{id}', { params: { path: { id: editing.id } }, body }),
      );
      clear();
      setName('');
      setUrl('');
      onDone(editing === null ? `Offer “${offer.name}” added.` : `Offer “${offer.name}” saved.`);
    } catch (failure) {
      fail(failure);
    }
  };

  return (
    <EditForm
      id="offer-form"
      add="Add an offer"
      thing="offer"
      editing={editing?.name ?? null}
      error={error}
      onSubmit={submit}
      onCancel={() => {
        onDone();
      }}
    >
      <TextField label="Name" value={name} onValue={setName} errors={fields['name']} required />
      <SelectField
        label="Affiliate network"
        value={networkId}
        onValue={setNetworkId}
        options={networks}
        errors={fields['affiliateNetworkId']}
      />
      <div ref={urlInput}>
        <TextField
          label="Offer URL"
          value={url}
          onValue={setUrl}
          errors={fields['url']}
          placeholder="https://network.example/o?id=7&s2={clickid}"
          hint="The network's offer link. Tokens in braces are filled for each click; click one to add it."
        />
      </div>
      <details class="tokens">
        <summary>URL tokens</summary>
        <ul>
          {TOKENS.map(([token, meaning]) => (
            <li key={token}>
              <button
                type="button"
                class="token"
                aria-label={`Add ${token} to the offer URL`}
                onClick={() => {
                  insertToken(token);
                }}
              >
                {token}
              </button>{' '}
              {meaning}
            </li>
          ))}
        </ul>
      </details>
      <fieldset>
        <legend>Payout</legend>
        <SelectField
          label="Payout mode"
          value={mode}
          onValue={(value) => {
            setMode(value === 'fixed' ? 'fixed' : 'auto');
          }}
          options={[
            { value: 'auto', label: 'From the postback (this amount when it has none)' },
            { value: 'fixed', label: 'Always this amount' },
          ]}
          errors={fields['payout.mode']}
        />
        <TextField
          label="Payout amount"
          value={amount}
          onValue={setAmount}
          errors={fields['payout.amount']}
          inputMode="decimal"
        />
        <TextField
          label="Currency"
          value={currency}
          onValue={setCurrency}
          errors={fields['payout.currency']}
          hint="ISO 4217 code, e.g. USD, EUR"
        />
      </fieldset>
      <TextField
        label="Attribution window (days)"
        value={windowDays}
        onValue={setWindowDays}
        errors={fields['attributionWindowDays']}
        inputMode="numeric"
        hint="Conversions later than this after the click are not counted."
      />
    </EditForm>
  );
}
