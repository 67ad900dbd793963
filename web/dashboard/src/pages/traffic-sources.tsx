import type { ApiClient } from '@clickledger/api-client';
import { useState } from 'preact/hooks';
import { unwrap, type TrafficSource } from '../api';
import { EditForm } from '../components/edit-form';
import { CheckboxField, SelectField, TextField } from '../components/field';
import { Empty, ErrorNotice, Loading, SavedNotice } from '../components/notice';
import { useLoad } from '../use-load';
import { STATUSES } from '../words';
import { useFormErrors } from '../use-form-errors';

const VARIABLES = ['var1', 'var2', 'var3', 'var4', 'var5', 'var6', 'var7', 'var8', 'var9', 'var10'] as const;
type Variable = (typeof VARIABLES)[number];
const STATUS_VALUES = ['approved', 'pending', 'declined'] as const;

export function TrafficSourcesPage({ api }: { api: ApiClient }) {
  const [editing, setEditing] = useState<TrafficSource | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sources = useLoad(
    () => unwrap(api.GET('/api/traffic-sources', { params: { query: { limit: 200 } } })),
    '',
  );
  return (
    <>
      <p class="lead">
        Where your visitors come from. Name the parameters the source adds to your links, and where to tell it
        about conversions.
      </p>
      <section aria-labelledby="sources-list">
        <h2 id="sources-list">Your traffic sources</h2>
        <ErrorNotice message={sources.error} />
        <SavedNotice message={notice} />
        <Loading loading={sources.loading && sources.data === undefined} />
        {sources.data?.items.length === 0 ? <Empty>No traffic source yet: add one below.</Empty> : null}
        {sources.data && sources.data.items.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Its click ID in</th>
                <th scope="col">Cost in</th>
                <th scope="col">Variables</th>
                <th scope="col">Conversion postback</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sources.data.items.map((source) => (
                <tr key={source.id}>
                  <td>{source.name}</td>
                  <td>{source.externalIdParam ?? '–'}</td>
                  <td>{source.costParam ?? '–'}</td>
                  <td>
                    {Object.entries(source.variables)
                      .map(([name, param]) => `${name}=${param}`)
                      .join(', ') || '–'}
                  </td>
                  <td class="url">
                    {source.postbackUrl === null
                      ? 'none'
                      : `${source.postbackMethod} ${source.postbackUrl} (${source.postbackStatuses.join(', ')})`}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => {
                        setNotice(null);
                        setEditing(source);
                      }}
                    >
                      Edit {source.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <TrafficSourceForm
        key={editing?.id ?? 'new'}
        api={api}
        editing={editing}
        onDone={(message) => {
          setNotice(message ?? null);
          setEditing(null);
          sources.reload();
        }}
      />
    </>
  );
}

function TrafficSourceForm({
  api,
  editing,
  onDone,
}: {
  api: ApiClient;
  /** The source being edited; null: a new one. */
  editing: TrafficSource | null;
  /** Saved (with what to tell the user) or cancelled. */
  onDone: (message?: string) => void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [externalIdParam, setExternalIdParam] = useState(editing?.externalIdParam ?? '');
  const [costParam, setCostParam] = useState(editing?.costParam ?? '');
  const [variables, setVariables] = useState<Partial<Record<Variable, string>>>(editing?.variables ?? {});
  const [postbackUrl, setPostbackUrl] = useState(editing?.postbackUrl ?? '');
  const [method, setMethod] = useState<'GET' | 'POST'>(editing?.postbackMethod ?? 'GET');
  const [statuses, setStatuses] = useState<readonly string[]>(editing?.postbackStatuses ?? ['approved']);
  const { fields, error, clear, fail } = useFormErrors();
  // Editing, an emptied field removes the value (null); adding, it is left out.
  const optional = (value: string) =>
    value.trim() === '' ? (editing === null ? undefined : null) : value.trim();

  const submit = async () => {
    const body = {
      name,
      externalIdParam: optional(externalIdParam),
      costParam: optional(costParam),
      variables: Object.fromEntries(Object.entries(variables).filter(([, param]) => param.trim() !== '')),
      postbackUrl: optional(postbackUrl),
      postbackMethod: method,
      postbackStatuses: statuses as ('approved' | 'pending' | 'declined')[],
    };
    try {
      const source = await unwrap(
        editing === null
          ? api.POST('/api/traffic-sources', { body })
          : api.PATCH('/api/traffic-sources/{id}', { params: { path: { id: editing.id } }, body }),
      );
      clear();
      setName('');
      onDone(
        editing === null
          ? `Traffic source “${source.name}” added.`
          : `Traffic source “${source.name}” saved.`,
      );
    } catch (failure) {
      fail(failure);
    }
  };

  return (
    <EditForm
      id="source-form"
      add="Add a traffic source"
      thing="traffic source"
      editing={editing?.name ?? null}
      error={error}
      onSubmit={submit}
      onCancel={() => {
        onDone();
      }}
    >
      <TextField label="Name" value={name} onValue={setName} errors={fields['name']} required />
      <TextField
        label="Its click ID parameter"
        value={externalIdParam}
        onValue={setExternalIdParam}
        errors={fields['externalIdParam']}
        placeholder="clickid"
        hint="The link parameter carrying the source's own click ID ({externalid} in postbacks to it)."
      />
      <TextField
        label="Cost parameter"
        value={costParam}
        onValue={setCostParam}
        errors={fields['costParam']}
        placeholder="cost"
        hint="The link parameter carrying what the click cost."
      />
      <details>
        <summary>Custom variables</summary>
        <p class="hint">
          Which link parameter fills each variable (e.g. var1 = zone). Reports can group by them.
        </p>
        <div class="grid">
          {VARIABLES.map((variable) => (
            <TextField
              key={variable}
              label={variable}
              value={variables[variable] ?? ''}
              onValue={(value) => {
                setVariables((current) => ({ ...current, [variable]: value }));
              }}
              errors={fields[`variables.${variable}`]}
            />
          ))}
        </div>
      </details>
      <fieldset>
        <legend>Conversion postback to the source</legend>
        <TextField
          label="Postback URL"
          value={postbackUrl}
          onValue={setPostbackUrl}
          errors={fields['postbackUrl']}
          placeholder="https://source.example/pb?clickid={externalid}&payout={payout}"
          hint="Called when a conversion of its traffic is counted. Tokens: {externalid} {clickid} {payout} {currency} {status} {txid} {eventtype} {cost} {var1}…"
        />
        <SelectField
          label="Method"
          value={method}
          onValue={(value) => {
            setMethod(value === 'POST' ? 'POST' : 'GET');
          }}
          options={[
            { value: 'GET', label: 'GET' },
            { value: 'POST', label: 'POST (form body)' },
          ]}
          errors={fields['postbackMethod']}
        />
        <div role="group" aria-label="Notify on statuses">
          {STATUS_VALUES.map((status) => (
            <CheckboxField
              key={status}
              label={`Notify on ${STATUSES[status] ?? status}`}
              checked={statuses.includes(status)}
              onChecked={(checked) => {
                setStatuses((current) =>
                  checked ? [...current, status] : current.filter((value) => value !== status),
                );
              }}
            />
          ))}
        </div>
      </fieldset>
    </EditForm>
  );
}
