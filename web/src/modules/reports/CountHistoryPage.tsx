// Count history as charts and tables: inventory record accuracy over time (by count and by value), the
// Pareto of investigation causes, accuracy by zone and by counter, and counter performance (recount
// disagreement rate). Every chart has its numbers in a table beside it.

import { BarChart, CompositeChart, LineChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Group, Paper, SegmentedControl, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../shared/api/client';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { money } from '../../shared/ui/format';
import { addDays, CAUSE_LABELS, pct, today } from '../counting/model';
import { DeskSiteSelect, useDeskSite } from '../counting/ui';
import { num, type CountHistory, type TrendGroup } from './model';

export default function CountHistoryPage() {
  const desk = useDeskSite();
  const [from, setFrom] = useState(() => addDays(today(), -182));
  const [to, setTo] = useState(today);
  const [granularity, setGranularity] = useState<'week' | 'month'>('week');
  const q = useQuery({
    queryKey: ['reports', 'count-history', desk.site, from, to, granularity],
    queryFn: ({ signal }) => call<CountHistory>('countHistory', { query: { site: desk.site, from, to, granularity, top: 15 }, signal }),
    enabled: !!desk.site && !!from && !!to,
    placeholderData: keepPreviousData,
  });
  const h = q.data;
  return (
    <>
      <PageHeader title="Count history" description="Inventory record accuracy over time, where variances come from, and how counters perform" />
      <Paper withBorder p="sm" mb="sm">
        <Group align="flex-end">
          <DeskSiteSelect desk={desk} />
          <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <SegmentedControl aria-label="Granularity" value={granularity} onChange={(v) => setGranularity(v as 'week')} data={[{ value: 'week', label: 'Weeks' }, { value: 'month', label: 'Months' }]} />
        </Group>
      </Paper>
      <QueryState isLoading={q.isLoading} error={q.error} />
      {h ? (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }} mb="md">
            <Stat label="First counts" value={String(h.overall.lines)} />
            <Stat label="Accuracy by count" value={pct(h.overall.accuracyByCountPct)} />
            <Stat label="Accuracy by value" value={pct(h.overall.accuracyByValuePct)} />
            <Stat label="Variance frequency" value={pct(h.overall.varianceFrequencyPct)} />
            <Stat label="Mean variance magnitude" value={pct(h.overall.meanAbsShortagePct)} />
          </SimpleGrid>
          {h.notes.length ? <Text size="xs" c="dimmed" mb="sm">{h.notes.join(' ')}</Text> : null}
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <AccuracyTrend h={h} />
            <Pareto h={h} />
            <GroupAccuracy title="Accuracy by zone" groups={h.trends.zone ?? []} />
            <GroupAccuracy title="Accuracy by counter" groups={h.trends.counter ?? []} />
          </SimpleGrid>
          <CounterPerformanceTable h={h} />
        </>
      ) : null}
    </>
  );
}

export function AccuracyTrend({ h, height = 260 }: { h: CountHistory; height?: number }) {
  const data = h.accuracy.map((p) => ({ period: p.period, 'By count': num(p.accuracyByCountPct), 'By value': num(p.accuracyByValuePct), lines: p.lines }));
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">Accuracy trend</Title>
      {data.length ? (
        <>
          <div role="img" aria-label={`Line chart of record accuracy per ${h.granularity}: ${data.map((d) => `${d.period} ${d['By count'] ?? '—'} % by count, ${d['By value'] ?? '—'} % by value`).join('; ')}`}>
            <LineChart h={height} data={data} dataKey="period" series={[{ name: 'By count', color: 'indigo.8' }, { name: 'By value', color: 'teal.8' }]} withLegend yAxisProps={{ domain: [0, 100] }} unit=" %" connectNulls curveType="linear" />
          </div>
          <details>
            <summary><Text span size="sm">Numbers</Text></summary>
            <Table aria-label="Accuracy by period" fz="sm">
              <Table.Thead>
                <Table.Tr><Table.Th scope="col">Period</Table.Th><Table.Th scope="col" ta="right">Lines</Table.Th><Table.Th scope="col" ta="right">By count</Table.Th><Table.Th scope="col" ta="right">By value</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {h.accuracy.map((p) => (
                  <Table.Tr key={p.period}><Table.Td>{p.period}</Table.Td><Table.Td ta="right">{p.lines}</Table.Td><Table.Td ta="right">{pct(p.accuracyByCountPct)}</Table.Td><Table.Td ta="right">{pct(p.accuracyByValuePct)}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </details>
        </>
      ) : (
        <Text size="sm" c="dimmed">No counts in this period.</Text>
      )}
    </Paper>
  );
}

function Pareto({ h }: { h: CountHistory }) {
  const data = h.pareto.causes.map((c) => ({ cause: CAUSE_LABELS[c.cause] ?? c.cause, Investigations: c.count, 'Cumulative %': num(c.cumulativePct) }));
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">Causes (Pareto) · {h.pareto.investigations} investigations</Title>
      {data.length ? (
        <>
          <div role="img" aria-label={`Pareto chart of investigation causes: ${data.map((d) => `${d.cause} ${d.Investigations} (${d['Cumulative %']} % cumulative)`).join('; ')}`}>
            <CompositeChart
              h={260}
              data={data}
              dataKey="cause"
              withLegend
              withRightYAxis
              rightYAxisProps={{ domain: [0, 100] }}
              series={[
                { name: 'Investigations', color: 'indigo.8', type: 'bar' },
                { name: 'Cumulative %', color: 'orange.8', type: 'line', yAxisId: 'right' },
              ]}
            />
          </div>
          <Table aria-label="Investigation causes" fz="sm">
            <Table.Thead>
              <Table.Tr><Table.Th scope="col">Cause</Table.Th><Table.Th scope="col" ta="right">Count</Table.Th><Table.Th scope="col" ta="right">Share</Table.Th><Table.Th scope="col" ta="right">Cumulative</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {h.pareto.causes.map((c) => (
                <Table.Tr key={c.cause}><Table.Td>{CAUSE_LABELS[c.cause] ?? c.cause}</Table.Td><Table.Td ta="right">{c.count}</Table.Td><Table.Td ta="right">{pct(c.sharePct)}</Table.Td><Table.Td ta="right">{pct(c.cumulativePct)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : (
        <Text size="sm" c="dimmed">No completed investigations in this period.</Text>
      )}
    </Paper>
  );
}

function GroupAccuracy({ title, groups }: { title: string; groups: TrendGroup[] }) {
  const data = groups.map((g) => ({ group: g.label, 'By count': num(g.total.accuracyByCountPct), 'By value': num(g.total.accuracyByValuePct) }));
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">{title}</Title>
      {data.length ? (
        <>
          <div role="img" aria-label={`Bar chart, ${title.toLowerCase()}: ${data.map((d) => `${d.group} ${d['By count'] ?? '—'} % by count`).join('; ')}`}>
            <BarChart h={220} data={data} dataKey="group" series={[{ name: 'By count', color: 'indigo.8' }, { name: 'By value', color: 'teal.8' }]} withLegend unit=" %" yAxisProps={{ domain: [0, 100] }} />
          </div>
          <Table aria-label={title} fz="sm">
            <Table.Thead>
              <Table.Tr><Table.Th scope="col">Group</Table.Th><Table.Th scope="col" ta="right">Lines</Table.Th><Table.Th scope="col" ta="right">Flagged</Table.Th><Table.Th scope="col" ta="right">By count</Table.Th><Table.Th scope="col" ta="right">Variance value (abs.)</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map((g) => (
                <Table.Tr key={g.key}><Table.Td>{g.label}</Table.Td><Table.Td ta="right">{g.total.lines}</Table.Td><Table.Td ta="right">{g.total.linesFlagged}</Table.Td><Table.Td ta="right">{pct(g.total.accuracyByCountPct)}</Table.Td><Table.Td ta="right">{money(g.total.absShortageValue)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : (
        <Text size="sm" c="dimmed">No counts.</Text>
      )}
    </Paper>
  );
}

function CounterPerformanceTable({ h }: { h: CountHistory }) {
  return (
    <Paper withBorder p="md" mt="md">
      <Title order={2} fz="h4" mb="sm">Counter performance</Title>
      <Table aria-label="Counter performance">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Counter</Table.Th>
            <Table.Th scope="col" ta="right">Lines counted</Table.Th>
            <Table.Th scope="col" ta="right">Accuracy by count</Table.Th>
            <Table.Th scope="col" ta="right">Recounted by others</Table.Th>
            <Table.Th scope="col" ta="right">Recount disagreed</Table.Th>
            <Table.Th scope="col" ta="right">Disagreement rate</Table.Th>
            <Table.Th scope="col" ta="right">Recounts done for others</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {h.counters.map((c) => (
            <Table.Tr key={c.counter.userId}>
              <Table.Td>{c.counter.name}</Table.Td>
              <Table.Td ta="right">{c.linesCounted}</Table.Td>
              <Table.Td ta="right">{pct(c.accuracyByCountPct)}</Table.Td>
              <Table.Td ta="right">{c.linesRecounted}</Table.Td>
              <Table.Td ta="right">{c.recountDisagreements}</Table.Td>
              <Table.Td ta="right">{pct(c.recountDisagreementRatePct)}</Table.Td>
              <Table.Td ta="right">{c.recountsPerformed}</Table.Td>
            </Table.Tr>
          ))}
          {h.counters.length === 0 ? (
            <Table.Tr><Table.Td colSpan={7}>No counters in this period.</Table.Td></Table.Tr>
          ) : null}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">{label}</Text>
      <Text fz="lg" fw={700}>{value}</Text>
    </Paper>
  );
}
