import type { ApiClient } from '@clickledger/api-client';
import { useState } from 'preact/hooks';
import { unwrap, type Network, type NetworkTemplate } from '../api';
import { CopyValue } from '../components/copy-button';
import { CheckboxField, Field, SelectField, TextField } from '../components/field';
import { EditForm } from '../components/edit-form';
import { Empty, ErrorNotice, Loading, SavedNotice } from '../components/notice';
import { useLoad } from '../use-load';
import { STATUSES } from '../words';
import { useFormErrors } from '../use-form-errors';

const STATUS_OPTIONS = ['approved', 'pending', 'declined'] as const;
type Status = (typeof STATUS_OPTIONS)[number];

/** `value=status` lines ⇄ the API's status map. */
function parseStatusMap(text: string): Record<string, Status> | string {
  const map: Record<string, Status> = {};
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')) {
    const [value = '', status = ''] = line.split('=').map((part) => part.trim());
    if (value === '' || !(STATUS_OPTIONS as readonly string[]).includes(status))
      return `"${line}": write one per line as value=approved, value=pending or value=declined`;
    map[value] = status as Status;
  }
  return map;
}

export function NetworksPage({ api }: { api: ApiClient }) {
  const [editing, setEditing] = useState<Network | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const networks = useLoad(
    () => unwrap(api.GET('/api/affiliate-networks', { params: { query: { limit: 200 } } })),
    '',
  );
  const templates = useLoad(() => unwrap(api.GET('/api/affiliate-network-templates')), '');
  return (
    <>
      <p class="lead">
        The affiliate networks whose offers you run. Each gets a postback URL to paste into its panel, so its
        conversions come back to Clickledger.
      </p>
      <section aria-labelledby="networks-list">
        <h2 id="networks-list">Your networks</h2>
        <ErrorNotice message={networks.error} />
        <SavedNotice message={notice} />
        <Loading loading={networks.loading && networks.data === undefined} />
        {networks.data?.items.length === 0 ? <Empty>No network yet: add the first one below.</Empty> : null}
        <ul class="cards">
          {networks.data?.items.map((network) => (
            <NetworkCard
              key={network.id}
              api={api}
              network={network}
              onEdit={() => {
                setNotice(null);
                setEditing(network);
              }}
            />
          ))}
        </ul>
      </section>
      {templates.data ? (
        <NetworkForm
          key={editing?.id ?? 'new'}
          api={api}
          templates={templates.data.items}
          editing={editing}
          onDone={(message) => {
            setNotice(message ?? null);
            setEditing(null);
            networks.reload();
          }}
        />
      ) : (
        <ErrorNotice message={templates.error} />
      )}
    </>
  );
}

function NetworkCard({ api, network, onEdit }: { api: ApiClient; network: Network; onEdit: () => void }) {
  const url = useLoad(
    () =>
      unwrap(api.GET('/api/affiliate-networks/{id}/postback-url', { params: { path: { id: network.id } } })),
    network.id + network.updatedAt,
  );
  const statusEntries = Object.entries(network.statusMap);
  return (
    <li class="card">
      <h3>{network.name}</h3>
      <dl class="facts">
        <dt>Template</dt>
        <dd>{network.template}</dd>
        <dt>Click ID parameter</dt>
        <dd>{network.clickIdParam ?? 'none (put {clickid} in the offer URL yourself)'}</dd>
        <dt>Status map</dt>
        <dd>
          {statusEntries.length === 0
            ? 'built-in values only (approved/1, pending/2, declined/3 …)'
            : statusEntries.map(([value, status]) => `${value} → ${STATUSES[status] ?? status}`).join(', ')}
        </dd>
        {network.allowedIps.length > 0 ? (
          <>
            <dt>Allowed IPs</dt>
            <dd>{network.allowedIps.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <p class="hint">Paste this postback URL into {network.name}'s panel:</p>
      {url.data ? <CopyValue value={url.data.url} what={`postback URL of ${network.name}`} /> : null}
      <ErrorNotice message={url.error} />
      <button type="button" class="secondary" onClick={onEdit}>
        Edit {network.name}
      </button>
    </li>
  );
}

function NetworkForm({
  api,
  templates,
  editing,
  onDone,
}: {
  api: ApiClient;
  templates: readonly NetworkTemplate[];
  /** The network being edited; null: a new one. */
  editing: Network | null;
  /** Saved (with what to tell the user) or cancelled. */
  onDone: (message?: string) => void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [template, setTemplate] = useState(editing?.template ?? templates[0]?.template ?? 'custom');
  const [clickIdParam, setClickIdParam] = useState(editing?.clickIdParam ?? '');
  const [statusMap, setStatusMap] = useState(
    Object.entries(editing?.statusMap ?? {})
      .map(([value, status]) => `${value}=${status}`)
      .join('\n'),
  );
  const [allowedIps, setAllowedIps] = useState(editing?.allowedIps.join('\n') ?? '');
  const [appendClickId, setAppendClickId] = useState(editing?.appendClickId ?? true);
  const [acceptDuplicates, setAcceptDuplicates] = useState(editing?.acceptDuplicatePostbacks ?? false);
  const { fields, error, setFields, clear, fail } = useFormErrors();
  const chosen = templates.find((entry) => entry.template === template);

  const submit = async () => {
    const map = parseStatusMap(statusMap);
    if (typeof map === 'string') {
      setFields({ statusMap: [map] });
      return;
    }
    const ips = allowedIps.split(/[\s,]+/).filter((ip) => ip !== '');
    const param = clickIdParam.trim() === '' ? {} : { clickIdParam: clickIdParam.trim() };
    try {
      let network: Network;
      if (editing === null) {
        network = await unwrap(
          api.POST('/api/affiliate-networks', {
            body: {
              name,
              template,
              ...param,
              ...(Object.keys(map).length === 0 ? {} : { statusMap: map }),
              allowedIps: ips,
              appendClickId,
              acceptDuplicatePostbacks: acceptDuplicates,
            },
          }),
        );
      } else {
        // A new template refills the click-ID parameter, macros and status map from the catalog.
        const settings = template === editing.template ? { ...param, statusMap: map } : { template };
        network = await unwrap(
          api.PATCH('/api/affiliate-networks/{id}', {
            params: { path: { id: editing.id } },
            body: {
              name,
              ...settings,
              allowedIps: ips,
              appendClickId,
              acceptDuplicatePostbacks: acceptDuplicates,
            },
          }),
        );
      }
      clear();
      setName('');
      onDone(
        editing === null
          ? `Network “${network.name}” added: copy its postback URL below.`
          : `Network “${network.name}” saved.`,
      );
    } catch (failure) {
      fail(failure);
    }
  };

  return (
    <EditForm
      id="network-form"
      add="Add a network"
      thing="network"
      editing={editing?.name ?? null}
      error={error}
      onSubmit={submit}
      onCancel={() => {
        onDone();
      }}
    >
      <TextField label="Name" value={name} onValue={setName} errors={fields['name']} required />
      <SelectField
        label="Template"
        value={template}
        onValue={(value) => {
          setTemplate(value as NetworkTemplate['template']);
        }}
        options={templates.map((entry) => ({ value: entry.template, label: entry.displayName }))}
        errors={fields['template']}
        hint={
          chosen ? (
            <>
              Click ID goes in <code>{chosen.clickIdParam ?? '(none)'}</code>; the postback URL uses{' '}
              {Object.entries(chosen.postbackMacros)
                .map(([key, macro]) => `${key} ${macro}`)
                .join(', ')}
              . Custom: any network, you fill the macros in its panel.
            </>
          ) : undefined
        }
      />
      <details>
        <summary>More settings</summary>
        <TextField
          label="Click ID parameter"
          value={clickIdParam}
          onValue={setClickIdParam}
          errors={fields['clickIdParam']}
          hint="The offer URL parameter the network reads our click ID from. Empty: the template's."
        />
        <Field
          label="Status map"
          errors={fields['statusMap']}
          hint="The network's own status values, one per line: 5=pending, REVERSED=declined. Empty: the template's."
        >
          {({ id, describedBy, invalid }) => (
            <textarea
              id={id}
              rows={3}
              value={statusMap}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(event) => {
                setStatusMap(event.currentTarget.value);
              }}
            />
          )}
        </Field>
        <Field
          label="Allowed IPs"
          errors={fields['allowedIps']}
          hint="Only postbacks from these addresses or ranges count (e.g. 203.0.113.7, 198.51.100.0/24). Empty: any."
        >
          {({ id, describedBy, invalid }) => (
            <textarea
              id={id}
              rows={2}
              value={allowedIps}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(event) => {
                setAllowedIps(event.currentTarget.value);
              }}
            />
          )}
        </Field>
        <CheckboxField
          label="Append the click ID to offer URLs"
          checked={appendClickId}
          onChecked={setAppendClickId}
          hint="When an offer URL has no {clickid}, add &param={clickid} to it."
        />
        <CheckboxField
          label="Accept duplicate postbacks"
          checked={acceptDuplicates}
          onChecked={setAcceptDuplicates}
          hint="Each postback without a transaction ID counts as a new conversion."
        />
      </details>
    </EditForm>
  );
}
