// Count policy of a site (frequencies by ABC class, critical minimum, variance boost, capacity, working
// days, blind counts, supervisor approval limit, ABC thresholds) and the tolerance rules: scope and the
// four limit types (quantity, percent, value, value percent) for each band (auto-accept, recount,
// investigate). Read-only without counting.policy.

import { Alert, Badge, Button, Checkbox, Fieldset, Group, Modal, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, call } from '../../shared/api/client';
import { splitFieldErrors } from '../../shared/forms/field-errors';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { money } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { BANDS, LIMIT_LABELS, SCOPE_LABELS, TOLERANCE_SCOPES, WEEKDAYS, type CountPolicy, type Limits, type ToleranceRule, type ToleranceRuleInput, type ToleranceScope } from './model';
import { DeskSiteSelect, errorText, useDeskSite } from './ui';

export default function PolicyPage() {
  const desk = useDeskSite();
  return (
    <>
      <PageHeader title="Count policy" description="How often items are counted, and how big a variance may be before it is recounted or investigated" actions={<DeskSiteSelect desk={desk} />} />
      {desk.site ? <PolicyEditor site={desk.site} /> : <Alert color="yellow">No site to show.</Alert>}
      <ToleranceRules />
    </>
  );
}

interface PolicyValues {
  A: number | string;
  B: number | string;
  C: number | string;
  criticalMinPerYear: number | string;
  factor: number | string;
  max: number | string;
  cleanCountsToReset: number | string;
  dailyCapacity: number | string;
  workingDays: string[];
  blindCounts: boolean;
  autoCorrect: boolean;
  blockBinsWhileCounting: boolean;
  validationRecountDays: number | string;
  supervisorLimit: string;
  basis: string;
  aPct: string;
  bPct: string;
}

const FIELD_MAP: Record<string, string> = {
  'countsPerYear.A': 'A', 'countsPerYear.B': 'B', 'countsPerYear.C': 'C', 'varianceBoost.factor': 'factor', 'varianceBoost.max': 'max', 'varianceBoost.cleanCountsToReset': 'cleanCountsToReset', 'abc.basis': 'basis', 'abc.aPct': 'aPct', 'abc.bPct': 'bPct',
};

function PolicyEditor({ site }: { site: string }) {
  const session = useSession();
  const editable = session.can('counting.policy');
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['counting', 'policy', site], queryFn: ({ signal }) => call<CountPolicy>('countPolicy', { params: { site }, signal }) });
  const form = useForm<PolicyValues>({ initialValues: toValues(undefined) });
  useEffect(() => {
    if (q.data) {
      form.setValues(toValues(q.data));
      form.resetDirty(toValues(q.data));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.data]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setFormError(null);
    try {
      const body = {
        countsPerYear: { A: Number(v.A), B: Number(v.B), C: Number(v.C) },
        criticalMinPerYear: Number(v.criticalMinPerYear),
        varianceBoost: { factor: Number(v.factor), max: Number(v.max), cleanCountsToReset: Number(v.cleanCountsToReset) },
        dailyCapacity: v.dailyCapacity === '' ? null : Number(v.dailyCapacity),
        workingDays: v.workingDays,
        blindCounts: v.blindCounts,
        autoCorrect: v.autoCorrect,
        blockBinsWhileCounting: v.blockBinsWhileCounting,
        validationRecountDays: Number(v.validationRecountDays),
        supervisorLimit: v.supervisorLimit.trim(),
        abc: { basis: v.basis, aPct: v.aPct.trim(), bPct: v.bPct.trim() },
      };
      const saved = await call<CountPolicy>('setCountPolicy', { params: { site }, body });
      qc.setQueryData(['counting', 'policy', site], saved);
      notifications.show({ color: 'teal', title: 'Policy saved', message: `Count policy of ${site} saved.` });
    } catch (e) {
      if (e instanceof ApiError) {
        const { fields, other } = splitFieldErrors(e.problem.errors.length ? e.problem.errors : [{ field: '', reason: e.problem.detail }], (p) => (FIELD_MAP[p] ?? p) in form.values);
        form.setErrors(Object.fromEntries(Object.entries(fields).map(([k, val]) => [FIELD_MAP[k] ?? k, val])));
        setFormError(other.join('; ') || null);
      } else setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Paper withBorder p="md" mb="md">
      <Title order={2} fz="h4" mb="sm">
        Policy of {site}
      </Title>
      <QueryState isLoading={q.isLoading} error={q.error} />
      {q.data ? (
        <form onSubmit={submit} aria-label={`Count policy of ${site}`}>
          <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
              <Fieldset legend="Counts per year by ABC class">
                <Group grow>
                  <NumberInput label="Class A" min={0} max={260} allowDecimal={false} {...form.getInputProps('A')} />
                  <NumberInput label="Class B" min={0} max={260} allowDecimal={false} {...form.getInputProps('B')} />
                  <NumberInput label="Class C" min={0} max={260} allowDecimal={false} {...form.getInputProps('C')} />
                </Group>
                <NumberInput mt="xs" label="Minimum per year for critical items" min={0} max={260} allowDecimal={false} {...form.getInputProps('criticalMinPerYear')} />
              </Fieldset>
              <Fieldset legend="Boost after variances">
                <Group grow>
                  <NumberInput label="Boost factor" min={1} max={10} allowDecimal={false} {...form.getInputProps('factor')} />
                  <NumberInput label="Maximum multiplier" min={1} max={52} allowDecimal={false} {...form.getInputProps('max')} />
                </Group>
                <NumberInput mt="xs" label="Clean counts to return to normal" min={1} max={20} allowDecimal={false} {...form.getInputProps('cleanCountsToReset')} />
              </Fieldset>
              <Fieldset legend="Capacity and calendar">
                <NumberInput label="Daily counting capacity (lines)" description="Empty: no limit" min={1} allowDecimal={false} {...form.getInputProps('dailyCapacity')} />
                <Checkbox.Group mt="xs" label="Working days" {...form.getInputProps('workingDays')}>
                  <Group gap="xs" mt={4}>
                    {WEEKDAYS.map((d) => <Checkbox key={d.value} value={d.value} label={d.label} />)}
                  </Group>
                </Checkbox.Group>
              </Fieldset>
              <Fieldset legend="Counting and correction">
                <Stack gap="xs">
                  <Switch label="Blind counts (counters never see the system quantity)" {...form.getInputProps('blindCounts', { type: 'checkbox' })} />
                  <Switch label="Correct auto-accepted variances at once" {...form.getInputProps('autoCorrect', { type: 'checkbox' })} />
                  <Switch label="Block a bin's movements while it is counted" {...form.getInputProps('blockBinsWhileCounting', { type: 'checkbox' })} />
                  <NumberInput label="Validation recount after a correction (days)" min={1} max={365} allowDecimal={false} {...form.getInputProps('validationRecountDays')} />
                </Stack>
              </Fieldset>
              <Fieldset legend="Approval limit">
                <TextInput label="Supervisor approval limit (value)" description="Corrections above it go to an inventory manager" inputMode="decimal" {...form.getInputProps('supervisorLimit')} />
              </Fieldset>
              <Fieldset legend="ABC classification">
                <Select label="Basis" data={[{ value: 'value', label: 'Consumption value' }, { value: 'velocity_count', label: 'Velocity (issues)' }, { value: 'velocity_qty', label: 'Velocity (quantity)' }]} allowDeselect={false} {...form.getInputProps('basis')} />
                <Group grow mt="xs">
                  <TextInput label="A: share of value %" inputMode="decimal" {...form.getInputProps('aPct')} />
                  <TextInput label="B: share of value %" inputMode="decimal" {...form.getInputProps('bPct')} />
                </Group>
              </Fieldset>
            </SimpleGrid>
          </fieldset>
          {formError ? <Alert color="red" mt="sm" role="alert">{formError}</Alert> : null}
          {editable ? (
            <Group mt="md">
              <Button type="submit" loading={busy} disabled={!form.isDirty()}>
                Save policy
              </Button>
              <Text size="sm" c="dimmed">
                Supervisors approve corrections up to {money(q.data.supervisorLimit)}.
              </Text>
            </Group>
          ) : (
            <Text size="sm" c="dimmed" mt="sm">
              Read only: changing the policy needs the count policy permission.
            </Text>
          )}
        </form>
      ) : null}
    </Paper>
  );
}

function toValues(p: CountPolicy | undefined): PolicyValues {
  return {
    A: p?.countsPerYear.A ?? 12, B: p?.countsPerYear.B ?? 4, C: p?.countsPerYear.C ?? 1, criticalMinPerYear: p?.criticalMinPerYear ?? 12,
    factor: p?.varianceBoost.factor ?? 2, max: p?.varianceBoost.max ?? 4, cleanCountsToReset: p?.varianceBoost.cleanCountsToReset ?? 3,
    dailyCapacity: p?.dailyCapacity ?? '', workingDays: p ? [...p.workingDays] : ['mon', 'tue', 'wed', 'thu', 'fri'], blindCounts: p?.blindCounts ?? true,
    autoCorrect: p?.autoCorrect ?? true, blockBinsWhileCounting: p?.blockBinsWhileCounting ?? false, validationRecountDays: p?.validationRecountDays ?? 14,
    supervisorLimit: p?.supervisorLimit ?? '500.00', basis: p?.abc.basis ?? 'value', aPct: p?.abc.aPct ?? '80', bPct: p?.abc.bPct ?? '15',
  };
}

// ---------------------------------------------------------------- tolerance rules

function limitsText(l: Limits | null): string {
  if (!l) return '—';
  const parts: string[] = [];
  if (l.qty !== undefined) parts.push(`qty ${l.qty}`);
  if (l.pct !== undefined) parts.push(`${l.pct} %`);
  if (l.value !== undefined) parts.push(`value ${money(l.value)}`);
  if (l.valuePct !== undefined) parts.push(`value ${l.valuePct} %`);
  return parts.length ? parts.join(' · ') : '—';
}

function ToleranceRules() {
  const session = useSession();
  const editable = session.can('counting.policy');
  const q = useQuery({ queryKey: ['counting', 'tolerance-rules'], queryFn: ({ signal }) => call<{ items: ToleranceRule[] }>('listToleranceRules', { signal }) });
  const [editing, setEditing] = useState<ToleranceRule | 'new' | null>(null);
  const rules = q.data?.items ?? [];
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          Tolerance rules
        </Title>
        {editable ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            New rule
          </Button>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        The most specific active rule applies (item, category, ABC class, criticality, zone, site, default). A line is flagged when it exceeds any limit of its rule; a variance on a zero system quantity is always flagged.
      </Text>
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Table.ScrollContainer minWidth={900}>
        <Table aria-label="Tolerance rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col">Site</Table.Th>
              <Table.Th scope="col">Auto-accept up to</Table.Th>
              <Table.Th scope="col">Recount above</Table.Th>
              <Table.Th scope="col">Investigate above</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              {editable ? <Table.Th scope="col"><VisuallyHidden>Actions</VisuallyHidden></Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td fw={600}>{r.name}</Table.Td>
                <Table.Td>{SCOPE_LABELS[r.scope] ?? r.scope}{r.scopeValue ? `: ${r.scopeValue}` : ''}</Table.Td>
                <Table.Td>{r.site ?? 'All sites'}</Table.Td>
                <Table.Td>{limitsText(r.autoAccept)}{r.autoAccept && r.autoCorrect ? ' (auto-correct)' : ''}</Table.Td>
                <Table.Td>{limitsText(r.recount)}</Table.Td>
                <Table.Td>{limitsText(r.investigate)}</Table.Td>
                <Table.Td>{r.active ? <Badge color="teal" autoContrast>Active</Badge> : <Badge color="gray" autoContrast>Inactive</Badge>}</Table.Td>
                {editable ? (
                  <Table.Td>
                    <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(r)} aria-label={`Edit rule ${r.name}`}>
                      Edit
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
            {q.data && rules.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={8}>No tolerance rules yet: every variance is flagged.</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New tolerance rule' : editing ? `Edit rule ${editing.name}` : ''} size="xl">
        {editing !== null ? <RuleForm rule={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
      </Modal>
    </Paper>
  );
}

type LimitValues = Record<keyof Limits, string>;
interface RuleValues {
  name: string;
  scope: ToleranceScope;
  scopeValue: string;
  site: string;
  autoAccept: LimitValues;
  recount: LimitValues;
  investigate: LimitValues;
  autoCorrect: boolean;
  active: boolean;
}

const emptyLimits = (l?: Limits | null): LimitValues => ({ qty: l?.qty ?? '', pct: l?.pct ?? '', value: l?.value ?? '', valuePct: l?.valuePct ?? '' });

function limitsOut(l: LimitValues): Limits | undefined {
  const out: Limits = {};
  for (const k of ['qty', 'pct', 'value', 'valuePct'] as const) if (l[k].trim()) out[k] = l[k].trim();
  return Object.keys(out).length ? out : undefined;
}

function RuleForm({ rule, onDone }: { rule: ToleranceRule | null; onDone(): void }) {
  const qc = useQueryClient();
  const desk = useDeskSite();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<RuleValues>({
    initialValues: {
      name: rule?.name ?? '', scope: rule?.scope ?? 'default', scopeValue: rule?.scopeValue ?? '', site: rule?.site ?? '',
      autoAccept: emptyLimits(rule?.autoAccept), recount: emptyLimits(rule?.recount), investigate: emptyLimits(rule?.investigate),
      autoCorrect: rule?.autoCorrect ?? true, active: rule?.active ?? true,
    },
    validate: { name: (v) => (v.trim() ? null : 'Give the rule a name'), scopeValue: (v, vals) => (vals.scope !== 'default' && !v.trim() ? 'Say what the rule applies to' : null) },
  });
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setFormError(null);
    const body: ToleranceRuleInput = {
      name: v.name.trim(), scope: v.scope, autoCorrect: v.autoCorrect, active: v.active,
      ...(v.scope !== 'default' && v.scopeValue.trim() ? { scopeValue: v.scopeValue.trim() } : {}),
      ...(v.site ? { site: v.site } : {}),
    };
    for (const b of ['autoAccept', 'recount', 'investigate'] as const) {
      const l = limitsOut(v[b]);
      if (l) body[b] = l;
    }
    try {
      if (rule) await call('updateToleranceRule', { params: { id: rule.id }, body });
      else await call('createToleranceRule', { body });
      await qc.invalidateQueries({ queryKey: ['counting', 'tolerance-rules'] });
      notifications.show({ color: 'teal', title: 'Rule saved', message: body.name });
      onDone();
    } catch (e) {
      if (e instanceof ApiError) {
        const { fields, other } = splitFieldErrors(e.problem.errors, (p) => p.split('.').length <= 2 && (p.split('.')[0] ?? '') in form.values);
        form.setErrors(fields);
        setFormError(other.join('; ') || (Object.keys(fields).length ? null : e.problem.detail));
      } else setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  });
  const scopeHint: Record<ToleranceScope, string> = { item: 'SKU', category: 'Category', abc_class: 'A, B or C', criticality: 'critical, normal or low', zone: 'Zone code', site: 'Site code', default: '' };
  return (
    <form onSubmit={submit} aria-label="Tolerance rule">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Select label="Scope" data={TOLERANCE_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }))} allowDeselect={false} {...form.getInputProps('scope')} />
          <TextInput label="Applies to" placeholder={scopeHint[form.values.scope]} disabled={form.values.scope === 'default'} {...form.getInputProps('scopeValue')} />
          <Select label="Only at site" placeholder="All sites" data={desk.options} clearable {...form.getInputProps('site')} value={form.values.site || null} onChange={(v) => form.setFieldValue('site', v ?? '')} />
        </SimpleGrid>
        {BANDS.map((b) => (
          <Fieldset key={b.key} legend={`${b.label} band`}>
            <Text size="xs" c="dimmed" mb={6}>
              {b.help} Leave a limit empty to not use it.
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {(['qty', 'pct', 'value', 'valuePct'] as const).map((k) => (
                <TextInput key={k} label={`${b.label}: ${LIMIT_LABELS[k]}`} inputMode="decimal" {...form.getInputProps(`${b.key}.${k}`)} />
              ))}
            </SimpleGrid>
          </Fieldset>
        ))}
        <Group>
          <Switch label="Auto-correct within the auto-accept band" {...form.getInputProps('autoCorrect', { type: 'checkbox' })} />
          <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        </Group>
        {formError ? <Alert color="red" role="alert">{formError}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Save rule
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
