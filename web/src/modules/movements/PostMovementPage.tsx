// Post a receipt, issue, transfer, adjustment (or any other postable type) in any unit of the item.
// The server is the judge of every value: its field errors ("lines/0/qty") appear beside the field.

import { ActionIcon, Alert, Anchor, Autocomplete, Button, Fieldset, Grid, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, call, newIdempotencyKey } from '../../shared/api/client';
import type { Item, Location, Movement, MovementInput, MovementLineInput, Page } from '../../shared/api/types';
import { splitFieldErrors } from '../../shared/forms/field-errors';
import { PageHeader } from '../../shared/ui/PageHeader';
import { MOVEMENT_TYPE_LABELS } from '../../shared/ui/format';
import { useSite } from '../../app/site';
import { useSession } from '../../app/session';
import { ADJUSTMENT_REASONS, POSTABLE_ORDER, TYPE_SHAPES, type PostableType } from './movement-routes';

interface LineValues {
  key: string;
  item: string;
  qty: string;
  unit: string;
  lot: string;
  lotExpiry: string;
  supplierLot: string;
  from: string;
  to: string;
  unitCost: string;
  /** adjustments: stock comes into the bin or goes out of it */
  direction: 'in' | 'out';
}

interface FormValues {
  type: PostableType;
  sourceDoc: string;
  reasonCode: string;
  note: string;
  lines: LineValues[];
}

let lineSeq = 0;
const emptyLine = (): LineValues => ({ key: `l${++lineSeq}`, item: '', qty: '', unit: '', lot: '', lotExpiry: '', supplierLot: '', from: '', to: '', unitCost: '', direction: 'in' });

function isPostable(t: string | null): t is PostableType {
  return t !== null && t in TYPE_SHAPES;
}

/** The fields a line shows for a type; an error on a field not shown goes to the alert above the form. */
function lineFields(type: PostableType, line: LineValues, item: Item | undefined): string[] {
  const s = TYPE_SHAPES[type];
  const f = ['item', 'qty', 'unit'];
  const inbound = s.inbound && (!s.either || line.direction === 'in');
  if (s.from || (s.either && line.direction === 'out')) f.push('from');
  if (s.to || (s.either && line.direction === 'in')) f.push('to');
  if (!item || item.lotTracked || item.serialTracked) f.push('lot');
  if (inbound && (!item || item.lotTracked || item.serialTracked)) f.push('lotExpiry', 'supplierLot');
  if (inbound) f.push('unitCost');
  return f;
}

export default function PostMovementPage() {
  const session = useSession();
  const { site } = useSite();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const initialType = params.get('type');
  const [items, setItems] = useState<Record<string, Item>>({});
  const [formError, setFormError] = useState<string[] | null>(null);
  const [posted, setPosted] = useState<Movement | null>(null);
  const [busy, setBusy] = useState(false);
  const idemKey = useRef(newIdempotencyKey());

  const form = useForm<FormValues>({
    initialValues: { type: isPostable(initialType) ? initialType : 'receipt', sourceDoc: '', reasonCode: '', note: '', lines: [emptyLine()] },
    validate: {
      reasonCode: (v, values) => (TYPE_SHAPES[values.type].reasonRequired && !v.trim() ? 'A reason is required for this type' : null),
      lines: {
        item: (v) => (v ? null : 'Choose an item'),
        qty: (v) => (v.trim() ? null : 'Enter a quantity'),
        from: (v, values, path) => {
          const i = Number(path.split('.')[1]);
          const line = values.lines[i];
          return line && lineFields(values.type, line, undefined).includes('from') && !v ? 'Choose the bin the stock leaves' : null;
        },
        to: (v, values, path) => {
          const i = Number(path.split('.')[1]);
          const line = values.lines[i];
          return line && lineFields(values.type, line, undefined).includes('to') && !v ? 'Choose the bin the stock goes to' : null;
        },
      },
    },
  });
  const type = form.values.type;
  const shape = TYPE_SHAPES[type];

  const bins = useBins(site);
  const binOptions = useMemo(() => (bins.data ?? []).map((b) => ({ value: b.code, label: b.blocked ? `${b.code} · ${b.name} (blocked)` : `${b.code} · ${b.name}`, disabled: b.blocked })), [bins.data]);

  if (!session.can('ledger.post')) {
    return <Alert color="yellow">Your roles do not allow posting movements.</Alert>;
  }

  const toInput = (v: FormValues): MovementInput => ({
    type: v.type,
    ...(v.sourceDoc.trim() ? { sourceDoc: v.sourceDoc.trim() } : {}),
    ...(v.reasonCode.trim() ? { reasonCode: v.reasonCode.trim() } : {}),
    ...(v.note.trim() ? { note: v.note.trim() } : {}),
    lines: v.lines.map((l) => {
      const shown = lineFields(v.type, l, items[l.item]);
      const out: MovementLineInput = { item: l.item, qty: l.qty.trim() };
      const item = items[l.item];
      if (l.unit && (!item || l.unit !== item.baseUom)) out.unit = l.unit;
      for (const k of ['lot', 'lotExpiry', 'supplierLot', 'from', 'to', 'unitCost'] as const) {
        const val = l[k].trim();
        if (val && shown.includes(k)) out[k] = val;
      }
      return out;
    }),
  });

  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    setPosted(null);
    setBusy(true);
    try {
      const m = await call<Movement>('postMovement', { body: toInput(v), idempotencyKey: idemKey.current });
      idemKey.current = newIdempotencyKey();
      setPosted(m);
      notifications.show({ color: 'teal', title: `${MOVEMENT_TYPE_LABELS[m.type] ?? m.type} posted`, message: `Movement ${m.seq} with ${m.lines.length} line${m.lines.length === 1 ? '' : 's'}.` });
      form.setValues({ type: v.type, sourceDoc: '', reasonCode: '', note: '', lines: [emptyLine()] });
      form.resetDirty();
      void qc.invalidateQueries({ queryKey: ['stock'] });
      void qc.invalidateQueries({ queryKey: ['movements'] });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
      void qc.invalidateQueries({ queryKey: ['valuation'] });
    } catch (e) {
      if (e instanceof ApiError) {
        const known = new Set(['type', 'sourceDoc', 'reasonCode', 'note']);
        v.lines.forEach((l, i) => lineFields(v.type, l, items[l.item]).forEach((f) => known.add(`lines.${i}.${f}`)));
        const { fields, other } = splitFieldErrors(e.problem.errors, (p) => known.has(p));
        form.setErrors(fields);
        setFormError(other.length ? other : Object.keys(fields).length ? null : [e.problem.detail]);
        if (Object.keys(fields).length) {
          // move focus to the first field in error, so keyboard and screen-reader users land on it
          requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        }
      } else setFormError([String(e)]);
    } finally {
      setBusy(false);
    }
  });

  return (
    <>
      <PageHeader title="Post a movement" description="Receipts, issues, transfers and adjustments, in any unit of the item. Reversals start from a movement's page." />
      <form onSubmit={submit} noValidate aria-label="Post a movement">
        <Stack>
          {posted ? (
            <Alert color="teal" title="Posted" role="status">
              {MOVEMENT_TYPE_LABELS[posted.type] ?? posted.type} posted as{' '}
              <Anchor component={Link} to={`/movements/${posted.id}`}>
                movement {posted.seq}
              </Anchor>
              .
            </Alert>
          ) : null}
          {formError ? (
            <Alert color="red" title="The movement was not posted" icon={<IconAlertTriangle aria-hidden />} role="alert">
              {formError.map((m, i) => (
                <div key={i}>{m}</div>
              ))}
            </Alert>
          ) : null}
          <Paper withBorder p="md">
            <Grid>
              <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
                <Select
                  label="Movement type"
                  data={POSTABLE_ORDER.map((t) => ({ value: t, label: MOVEMENT_TYPE_LABELS[t] ?? t }))}
                  allowDeselect={false}
                  {...form.getInputProps('type')}
                  onChange={(t) => {
                    if (!isPostable(t)) return;
                    form.setFieldValue('type', t);
                    setParams({ type: t }, { replace: true });
                  }}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
                <TextInput label="Source document" placeholder="PO, work order, delivery note…" {...form.getInputProps('sourceDoc')} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
                <Autocomplete label="Reason code" withAsterisk={shape.reasonRequired} data={shape.either ? ADJUSTMENT_REASONS : []} placeholder={shape.reasonRequired ? 'Required' : 'Optional'} {...form.getInputProps('reasonCode')} />
              </Grid.Col>
              <Grid.Col span={12}>
                <Textarea label="Note" autosize minRows={1} maxRows={4} {...form.getInputProps('note')} />
              </Grid.Col>
            </Grid>
          </Paper>

          {form.values.lines.map((line, i) => {
            const item = items[line.item];
            const shown = lineFields(type, line, item);
            const unitData = item ? [{ value: item.baseUom, label: `${item.baseUom} (base unit)` }, ...item.units.filter((u) => u.uom !== item.baseUom).map((u) => ({ value: u.uom, label: `${u.uom} = ${u.factor} ${item.baseUom}` }))] : [];
            return (
              <Fieldset key={line.key} legend={`Line ${i + 1}`} variant="default">
                <Grid align="flex-start">
                  <Grid.Col span={{ base: 12, md: 5 }}>
                    <ItemPicker
                      error={form.errors[`lines.${i}.item`]}
                      value={line.item}
                      selected={item}
                      onChange={(it) => {
                        if (it) setItems((m) => ({ ...m, [it.sku]: it }));
                        form.setFieldValue(`lines.${i}.item`, it?.sku ?? '');
                        form.setFieldValue(`lines.${i}.unit`, it?.baseUom ?? '');
                        form.clearFieldError(`lines.${i}.item`);
                      }}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 6, md: 2 }}>
                    <TextInput label="Quantity" inputMode="decimal" autoComplete="off" withAsterisk {...form.getInputProps(`lines.${i}.qty`)} />
                  </Grid.Col>
                  <Grid.Col span={{ base: 6, md: 2 }}>
                    <Select label="Unit" data={unitData} disabled={!item} placeholder={item ? undefined : 'Choose an item'} allowDeselect={false} {...form.getInputProps(`lines.${i}.unit`)} />
                  </Grid.Col>
                  {shape.either ? (
                    <Grid.Col span={{ base: 12, md: 3 }}>
                      <Text size="sm" fw={500} mb={4} id={`dir-${line.key}`}>
                        Direction
                      </Text>
                      <SegmentedControl
                        aria-labelledby={`dir-${line.key}`}
                        fullWidth
                        data={[{ value: 'in', label: 'Add to bin' }, { value: 'out', label: 'Remove from bin' }]}
                        {...form.getInputProps(`lines.${i}.direction`)}
                      />
                    </Grid.Col>
                  ) : null}
                  {shown.includes('from') ? (
                    <Grid.Col span={{ base: 12, md: 4 }}>
                      <Select label={type === 'transfer' ? 'From bin' : 'Bin'} data={binOptions} searchable limit={50} nothingFoundMessage="No bin matches" placeholder={bins.isLoading ? 'Loading bins…' : 'Search bins'} withAsterisk {...form.getInputProps(`lines.${i}.from`)} />
                    </Grid.Col>
                  ) : null}
                  {shown.includes('to') ? (
                    <Grid.Col span={{ base: 12, md: 4 }}>
                      <Select label={type === 'transfer' ? 'To bin' : 'Bin'} data={binOptions} searchable limit={50} nothingFoundMessage="No bin matches" placeholder={bins.isLoading ? 'Loading bins…' : 'Search bins'} withAsterisk {...form.getInputProps(`lines.${i}.to`)} />
                    </Grid.Col>
                  ) : null}
                  {shown.includes('lot') ? (
                    <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                      <TextInput label={item?.serialTracked ? 'Serial number' : 'Lot'} withAsterisk={!!item} {...form.getInputProps(`lines.${i}.lot`)} />
                    </Grid.Col>
                  ) : null}
                  {shown.includes('lotExpiry') ? (
                    <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                      <TextInput label="Lot expiry" type="date" {...form.getInputProps(`lines.${i}.lotExpiry`)} />
                    </Grid.Col>
                  ) : null}
                  {shown.includes('supplierLot') ? (
                    <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                      <TextInput label="Supplier lot" {...form.getInputProps(`lines.${i}.supplierLot`)} />
                    </Grid.Col>
                  ) : null}
                  {shown.includes('unitCost') ? (
                    <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
                      <TextInput
                        label="Unit cost"
                        description={item ? `per ${item.baseUom}; empty: the item's current cost` : 'empty: the item\'s current cost'}
                        inputMode="decimal"
                        autoComplete="off"
                        {...form.getInputProps(`lines.${i}.unitCost`)}
                      />
                    </Grid.Col>
                  ) : null}
                </Grid>
                {form.values.lines.length > 1 ? (
                  <Group justify="flex-end" mt="xs">
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove line ${i + 1}`} onClick={() => form.removeListItem('lines', i)}>
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Group>
                ) : null}
              </Fieldset>
            );
          })}
          <Group justify="space-between">
            <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => form.insertListItem('lines', emptyLine())}>
              Add line
            </Button>
            <Button type="submit" loading={busy}>
              Post {MOVEMENT_TYPE_LABELS[type]?.toLowerCase() ?? type}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

/** Bins of the chosen site (or of every site), read in pages of 500. */
function useBins(site: string | null) {
  return useQuery({
    queryKey: ['locations', 'bins', site],
    queryFn: async ({ signal }) => {
      const out: Location[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const r = await call<Page<Location>>('listLocations', { query: { kind: 'bin', site, active: true, limit: 500, cursor }, signal });
        out.push(...r.items);
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      return out;
    },
    staleTime: 5 * 60_000,
  });
}

/** Item chooser that searches on the server as the user types (SKU or description). */
function ItemPicker({ value, selected, onChange, error }: { value: string; selected: Item | undefined; onChange(item: Item | null): void; error: React.ReactNode }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const query = useQuery({
    queryKey: ['items', 'picker', q],
    queryFn: ({ signal }) => call<Page<Item>>('listItems', { query: { q, status: 'active', limit: 25 }, signal }),
    staleTime: 60_000,
  });
  const found = query.data?.items ?? [];
  const byValue = new Map(found.map((it) => [it.sku, it]));
  if (selected) byValue.set(selected.sku, selected);
  const data = [...byValue.values()].map((it) => ({ value: it.sku, label: `${it.sku} · ${it.description}` }));
  return (
    <Select
      label="Item"
      withAsterisk
      placeholder="Search by SKU or description"
      searchable
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ? (byValue.get(v) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={query.isFetching ? 'Searching…' : 'No item matches'}
      error={error}
      clearable
    />
  );
}
