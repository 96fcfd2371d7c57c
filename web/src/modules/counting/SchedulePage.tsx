// The count schedule: generate a period's schedule, see it as a calendar (lines per day and why),
// the lines of a day with each line's reasons; ABC classification runs and an item's class history;
// ad-hoc counts (bin, item, zone) and triggered counts (negative balances, bins at zero).

import { Alert, Badge, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { date, dateTime } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { addDays, reasonLabel, today, type AbcHistoryRow, type AbcRun, type CalendarDay, type LineReview, type ScheduleResult } from './model';
import { DeskSiteSelect, errorText, StatusBadge, useDeskSite } from './ui';

export default function SchedulePage() {
  const desk = useDeskSite();
  const session = useSession();
  return (
    <>
      <PageHeader title="Count schedule" description="Which item-locations are counted on which day, and why" actions={<DeskSiteSelect desk={desk} />} />
      {!desk.site ? <Alert color="yellow">No site to show.</Alert> : (
        <Tabs defaultValue="calendar" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="calendar">Calendar</Tabs.Tab>
            <Tabs.Tab value="abc">ABC classification</Tabs.Tab>
            {session.can('counting.schedule') ? <Tabs.Tab value="adhoc">Ad-hoc and triggered counts</Tabs.Tab> : null}
          </Tabs.List>
          <Tabs.Panel value="calendar">
            {session.can('counting.schedule') ? <GenerateSchedule site={desk.site} /> : null}
            <ScheduleCalendar site={desk.site} />
          </Tabs.Panel>
          <Tabs.Panel value="abc">
            <AbcPanel site={desk.site} />
          </Tabs.Panel>
          <Tabs.Panel value="adhoc">
            <AdhocPanel site={desk.site} />
          </Tabs.Panel>
        </Tabs>
      )}
    </>
  );
}

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}
function monthEnd(day: string): string {
  const d = new Date(`${monthStart(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

function GenerateSchedule({ site }: { site: string }) {
  const qc = useQueryClient();
  const [from, setFrom] = useState(() => monthStart(today()));
  const [to, setTo] = useState(() => monthEnd(today()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ScheduleResult | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call<ScheduleResult>('generateSchedule', { body: { site, periodStart: from, periodEnd: to } });
      setResult(r);
      notifications.show({ color: 'teal', title: 'Schedule generated', message: `${r.lines} lines over ${r.workingDays} working days` });
      await qc.invalidateQueries({ queryKey: ['counting', 'calendar'] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" mb="md">
      <Title order={2} fz="h4" mb="sm">
        Generate a schedule
      </Title>
      <Group align="flex-end">
        <TextInput type="date" label="Period start" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="Period end" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Button onClick={() => void run()} loading={busy}>
          Generate schedule
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        Planned lines of the period not yet in a task are replaced. Every active item-location is counted at least once.
      </Text>
      {error ? <Alert color="red" mt="sm" role="alert">{error}</Alert> : null}
      {result ? (
        <Alert color="teal" mt="sm" title={`Schedule ${result.scheduleId}: ${result.lines} lines for ${result.itemLocations} item-locations over ${result.workingDays} working days`}>
          <Stack gap={4}>
            <Text size="sm">
              {result.replacedPlannedLines ? `${result.replacedPlannedLines} planned lines replaced. ` : ''}
              {result.capacity.dailyCapacity !== null ? `Capacity ${result.capacity.dailyCapacity} lines a day; ${result.capacity.overCapacityDays} days over capacity, ${result.capacity.shortfallLines} lines short.` : 'No daily capacity limit.'}
            </Text>
            <Group gap={6}>
              {Object.entries(result.byReason).map(([r, n]) => (
                <Badge key={r} color="indigo" autoContrast>
                  {reasonLabel(r)}: {n}
                </Badge>
              ))}
            </Group>
          </Stack>
        </Alert>
      ) : null}
    </Paper>
  );
}

const WEEK = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function ScheduleCalendar({ site }: { site: string }) {
  const [month, setMonth] = useState(() => monthStart(today()));
  const [selected, setSelected] = useState<string | null>(null);
  const from = month;
  const to = monthEnd(month);
  const q = useQuery({
    queryKey: ['counting', 'calendar', site, from, to],
    queryFn: ({ signal }) => call<{ days: CalendarDay[] }>('scheduleCalendar', { query: { site, from, to }, signal }),
    placeholderData: keepPreviousData,
  });
  const byDate = new Map((q.data?.days ?? []).map((d) => [d.date, d]));
  const first = new Date(`${from}T00:00:00Z`);
  const lead = (first.getUTCDay() + 6) % 7;
  const days: (string | null)[] = [...Array(lead).fill(null)];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  while (days.length % 7) days.push(null);
  const shift = (n: number) => {
    const d = new Date(`${month}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + n);
    setMonth(d.toISOString().slice(0, 10));
    setSelected(null);
  };
  const monthName = first.toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const total = (q.data?.days ?? []).reduce((s, d) => s + d.lines, 0);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          {monthName} · {total} lines
        </Title>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} aria-hidden />} onClick={() => shift(-1)}>
            Previous month
          </Button>
          <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} aria-hidden />} onClick={() => shift(1)}>
            Next month
          </Button>
        </Group>
      </Group>
      <QueryState isLoading={q.isLoading} error={q.error} />
      <div role="grid" aria-label={`Schedule calendar, ${monthName}`}>
        <SimpleGrid cols={7} spacing={4} role="row">
          {WEEK.map((w) => (
            <Text key={w} role="columnheader" size="xs" fw={700} c="dimmed" ta="center">
              {w}
            </Text>
          ))}
        </SimpleGrid>
        {Array.from({ length: days.length / 7 }, (_, week) => (
          <SimpleGrid key={week} cols={7} spacing={4} mt={4} role="row">
            {days.slice(week * 7, week * 7 + 7).map((d, i) => {
              if (!d) return <div key={i} role="gridcell" />;
              const day = byDate.get(d);
              const reasons = Object.entries(day?.byReason ?? {}).sort((a, b) => b[1] - a[1]);
              return (
                <div key={d} role="gridcell">
                  <UnstyledButton
                    onClick={() => setSelected(d)}
                    aria-pressed={selected === d}
                    aria-label={`${date(d)}: ${day?.lines ?? 0} line${day?.lines === 1 ? '' : 's'}${reasons.length ? ', ' + reasons.map(([r, n]) => `${reasonLabel(r)} ${n}`).join(', ') : ''}`}
                    w="100%"
                    p={6}
                    style={{ border: `1px solid var(--mantine-color-${selected === d ? 'indigo-8' : 'gray-4'})`, borderRadius: 4, minHeight: 76, background: day ? 'var(--mantine-color-indigo-0)' : undefined }}
                  >
                    <Text size="xs" fw={700}>{Number(d.slice(8))}</Text>
                    {day ? (
                      <>
                        <Text size="sm" fw={600}>{day.lines} line{day.lines === 1 ? '' : 's'}</Text>
                        {reasons.slice(0, 2).map(([r, n]) => (
                          <Text key={r} size="xs" lineClamp={1}>
                            {reasonLabel(r)} {n}
                          </Text>
                        ))}
                        {reasons.length > 2 ? <Text size="xs" c="dimmed">+{reasons.length - 2} more</Text> : null}
                      </>
                    ) : null}
                  </UnstyledButton>
                </div>
              );
            })}
          </SimpleGrid>
        ))}
      </div>
      {selected ? <DayLines site={site} day={selected} /> : <Text size="sm" c="dimmed" mt="sm">Choose a day to see its lines and why each is counted.</Text>}
    </Paper>
  );
}

function DayLines({ site, day }: { site: string; day: string }) {
  const q = useQuery({
    queryKey: ['counting', 'lines', 'day', site, day],
    queryFn: ({ signal }) => call<Page<LineReview>>('listCountLines', { query: { site, from: day, to: day, limit: 500 }, signal }),
  });
  const rows = q.data?.items ?? [];
  return (
    <Stack mt="md" gap="xs">
      <Title order={3} fz="h5">
        Lines planned for {date(day)}
      </Title>
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label={`Lines planned for ${day}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Item</Table.Th>
              <Table.Th scope="col">Bin</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Why</Table.Th>
              <Table.Th scope="col">Task</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((l) => (
              <Table.Tr key={l.lineId}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text span fw={600}>{l.sku}</Text> <Text span size="sm" c="dimmed">{l.description}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{l.location}</Table.Td>
                <Table.Td>{l.kind}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {l.reasons.map((r) => (
                      <Badge key={r} color="indigo" variant="outline">
                        {reasonLabel(r)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{l.taskId ?? '—'}</Table.Td>
                <Table.Td>
                  <StatusBadge status={l.status} />
                </Table.Td>
              </Table.Tr>
            ))}
            {q.data && rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={6}>Nothing planned that day.</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {q.data?.nextCursor ? <Text size="sm" c="dimmed">The first 500 lines are shown.</Text> : null}
    </Stack>
  );
}

function AbcPanel({ site }: { site: string }) {
  const session = useSession();
  const qc = useQueryClient();
  const [basis, setBasis] = useState('value');
  const [aPct, setAPct] = useState('80');
  const [bPct, setBPct] = useState('15');
  const [scope, setScope] = useState<'site' | 'all'>('site');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<AbcRun | null>(null);
  const [skuText, setSkuText] = useState('');
  const [sku, setSku] = useState('');
  const history = useQuery({
    queryKey: ['counting', 'abc-history', sku],
    queryFn: ({ signal }) => call<{ items: AbcHistoryRow[] }>('abcItemHistory', { params: { sku }, signal }),
    enabled: sku !== '',
  });
  const classify = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call<AbcRun>('abcClassify', { body: { ...(scope === 'site' ? { site } : {}), basis, aPct, bPct } });
      setRun(r);
      await qc.invalidateQueries({ queryKey: ['counting', 'abc-history'] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Paper withBorder p="md">
        <Title order={2} fz="h4" mb="sm">
          Classify items A/B/C
        </Title>
        {session.can('counting.schedule') ? (
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              By trailing-12-month consumption: the items making the first {aPct} % are A, the next {bPct} % B, the rest C.
            </Text>
            <SegmentedControl aria-label="Consumption of" value={scope} onChange={(v) => setScope(v as 'site' | 'all')} data={[{ value: 'site', label: `Consumption at ${site}` }, { value: 'all', label: 'All sites' }]} />
            <Group grow>
              <Select label="Basis" value={basis} onChange={(v) => setBasis(v ?? 'value')} allowDeselect={false} data={[{ value: 'value', label: 'Consumption value' }, { value: 'velocity_count', label: 'Velocity (issues)' }, { value: 'velocity_qty', label: 'Velocity (quantity)' }]} />
              <TextInput label="A share %" value={aPct} onChange={(e) => setAPct(e.currentTarget.value)} inputMode="decimal" />
              <TextInput label="B share %" value={bPct} onChange={(e) => setBPct(e.currentTarget.value)} inputMode="decimal" />
            </Group>
            <Group>
              <Button onClick={() => void classify()} loading={busy}>
                Run classification
              </Button>
            </Group>
            {error ? <Alert color="red" role="alert">{error}</Alert> : null}
            {run ? (
              <Alert color="teal" title={`Run ${run.runId}: A ${run.counts.A} · B ${run.counts.B} · C ${run.counts.C}`}>
                {run.changed} items changed class. Window {date(run.windowStart)} to {date(run.windowEnd)}.
              </Alert>
            ) : null}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">Running a classification needs the scheduling permission.</Text>
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} fz="h4" mb="sm">
          Class history of an item
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setSku(skuText.trim());
          }}
        >
          <Group align="flex-end">
            <TextInput label="SKU" value={skuText} onChange={(e) => setSkuText(e.currentTarget.value)} />
            <Button type="submit" variant="default">
              Show history
            </Button>
          </Group>
        </form>
        <QueryState isLoading={history.isLoading && sku !== ''} error={history.error} />
        {history.data ? (
          <Table mt="sm" aria-label={`ABC class history of ${sku}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Run</Table.Th>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Class</Table.Th>
                <Table.Th scope="col" ta="right">Share</Table.Th>
                <Table.Th scope="col" ta="right">Cumulative</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.items.map((h) => (
                <Table.Tr key={h.runId}>
                  <Table.Td>{h.runId}</Table.Td>
                  <Table.Td>{dateTime(h.computedAt)}</Table.Td>
                  <Table.Td fw={700}>{h.abcClass}</Table.Td>
                  <Table.Td ta="right">{h.sharePct} %</Table.Td>
                  <Table.Td ta="right">{h.cumulativePct} %</Table.Td>
                </Table.Tr>
              ))}
              {history.data.items.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={5}>{sku} has not been classified yet.</Table.Td>
                </Table.Tr>
              ) : null}
            </Table.Tbody>
          </Table>
        ) : null}
      </Paper>
    </SimpleGrid>
  );
}

function AdhocPanel({ site }: { site: string }) {
  const qc = useQueryClient();
  const [by, setBy] = useState<'bin' | 'item' | 'zone'>('bin');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string; taskId?: number } | null>(null);
  const create = async () => {
    setBusy(true);
    setMsg(null);
    try {
      const r = await call<{ taskId: number; lines: number }>('adhocCount', { body: { site, by, target: target.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      setMsg({ ok: true, text: `Task ${r.taskId} created with ${r.lines} lines. Assign it on the assignment board.`, taskId: r.taskId });
      await qc.invalidateQueries({ queryKey: ['counting'] });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const [scanMsg, setScanMsg] = useState<string | null>(null);
  const scan = async () => {
    try {
      const r = await call<{ negative: number; atZero: number }>('scanCountTriggers', { body: { site } });
      setScanMsg(`${r.negative} counts planned for negative balances, ${r.atZero} for bins that went to zero.`);
      await qc.invalidateQueries({ queryKey: ['counting'] });
    } catch (e) {
      setScanMsg(errorText(e));
    }
  };
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Paper withBorder p="md">
        <Title order={2} fz="h4" mb="sm">
          Ad-hoc count
        </Title>
        <Stack gap="sm">
          <SegmentedControl aria-label="Count by" value={by} onChange={(v) => setBy(v as 'bin')} data={[{ value: 'bin', label: 'By bin' }, { value: 'item', label: 'By item' }, { value: 'zone', label: 'By zone' }]} />
          <TextInput label={by === 'item' ? 'SKU' : by === 'bin' ? 'Bin code' : 'Zone code'} value={target} onChange={(e) => setTarget(e.currentTarget.value)} />
          <TextInput label="Reason (optional)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group>
            <Button onClick={() => void create()} loading={busy} disabled={!target.trim()}>
              Create count task
            </Button>
          </Group>
          {msg ? (
            <Alert color={msg.ok ? 'teal' : 'red'} role={msg.ok ? 'status' : 'alert'}>
              {msg.text} {msg.ok ? <Link to="/counting/assign">Assignment board</Link> : null}
            </Alert>
          ) : null}
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} fz="h4" mb="sm">
          Triggered counts
        </Title>
        <Text size="sm" mb="sm">
          Plan counts for every negative balance and every bin that went to zero at {site}. Pick shortages reported by storekeepers are planned as they come.
        </Text>
        <Button variant="default" onClick={() => void scan()}>
          Scan for triggers
        </Button>
        {scanMsg ? <Text size="sm" mt="sm" role="status">{scanMsg}</Text> : null}
      </Paper>
    </SimpleGrid>
  );
}
