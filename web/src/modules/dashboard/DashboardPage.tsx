// The dashboard shows only what the API answers today: stock value by inventory type (valuation
// report, all sites), counts of active items and of bins (at the chosen site), and recent movements.

import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Anchor, Group, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Item, Location, MovementSummary, Page, ValuationReport } from '../../shared/api/types';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { INVENTORY_TYPE_LABELS, money } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { useSite } from '../../app/site';
import { MovementTable } from '../movements/MovementTable';
import { CountingDashboard } from '../counting/CountingDashboard';

const TYPES = ['raw', 'wip', 'finished', 'mro'] as const;
const COUNT_PAGE = 500;
const COUNT_PAGES_MAX = 20;

/** Counts the rows of a list by walking its pages (the API has no count endpoint); stops at a cap. */
async function countAll<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<{ n: number; capped: boolean }> {
  let n = 0;
  let cursor: string | undefined;
  for (let i = 0; i < COUNT_PAGES_MAX; i++) {
    const p = await fetchPage(cursor);
    n += p.items.length;
    if (!p.nextCursor) return { n, capped: false };
    cursor = p.nextCursor;
  }
  return { n, capped: true };
}

export default function DashboardPage() {
  const session = useSession();
  const { site } = useSite();
  const canReports = session.can('reports.read');
  const canCatalog = session.can('catalog.read');
  const canLedger = session.can('ledger.read');

  const valuations = useQueries({
    queries: TYPES.map((t) => ({
      queryKey: ['dashboard', 'valuation', t],
      queryFn: ({ signal }: { signal: AbortSignal }) => call<ValuationReport>('valuation', { query: { inventoryType: t }, signal }),
      enabled: canReports,
    })),
  });
  const itemCount = useQuery({
    queryKey: ['dashboard', 'items-count'],
    queryFn: ({ signal }) => countAll((cursor) => call<Page<Item>>('listItems', { query: { status: 'active', limit: COUNT_PAGE, cursor }, signal })),
    enabled: canCatalog,
    staleTime: 60_000,
  });
  const binCount = useQuery({
    queryKey: ['dashboard', 'bins-count', site],
    queryFn: ({ signal }) => countAll((cursor) => call<Page<Location>>('listLocations', { query: { kind: 'bin', site, active: true, limit: COUNT_PAGE, cursor }, signal })),
    enabled: canCatalog,
    staleTime: 60_000,
  });
  const recent = useQuery({
    queryKey: ['dashboard', 'recent-movements'],
    queryFn: ({ signal }) => call<Page<MovementSummary>>('listMovements', { query: { limit: 10 }, signal }),
    enabled: canLedger,
  });

  const valued = valuations.every((v) => v.data);
  const chartData = valued
    ? TYPES.map((t, i) => {
        const r = valuations[i]!.data!;
        // the chart needs numbers; the exact strings are in the table beside it
        return { type: INVENTORY_TYPE_LABELS[t] ?? t, Average: Number(r.totals.average), FIFO: Number(r.totals.fifo), LIFO: Number(r.totals.lifo), items: r.lines.length, exact: r.totals };
      })
    : [];

  return (
    <>
      <PageHeader title="Dashboard" description={site ? `Site ${site}` : 'All sites'} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} mb="md">
        {canCatalog ? <Stat label="Active items" q={itemCount} /> : null}
        {canCatalog ? <Stat label={site ? `Bins at ${site}` : 'Bins, all sites'} q={binCount} /> : null}
        {canReports && valued ? (
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed" fw={700} tt="uppercase">
              Stock value (moving average, all sites)
            </Text>
            <Text fz={28} fw={700} ff="monospace">
              {money(sumExact(chartData.map((d) => d.exact.average)))}
            </Text>
          </Paper>
        ) : null}
      </SimpleGrid>

      <CountingDashboard />

      {canReports ? (
        <Paper withBorder p="md" mb="md">
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="h4">
              Stock value by inventory type
            </Title>
            <Anchor component={Link} to="/reports/valuation" size="sm">
              Valuation report
            </Anchor>
          </Group>
          <QueryState isLoading={valuations.some((v) => v.isLoading)} error={valuations.find((v) => v.error)?.error} />
          {valued ? (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <div role="img" aria-label={`Bar chart of stock value by inventory type: ${chartData.map((d) => `${d.type} ${money(d.exact.average)}`).join(', ')}`}>
                <BarChart h={240} data={chartData} dataKey="type" series={[{ name: 'Average', color: 'indigo.7' }, { name: 'FIFO', color: 'teal.7' }, { name: 'LIFO', color: 'orange.7' }]} withLegend tickLine="y" valueFormatter={(v) => v.toLocaleString(undefined, { maximumFractionDigits: 0 })} />
              </div>
              <Table aria-label="Stock value by inventory type">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Type</Table.Th>
                    <Table.Th scope="col" ta="right">Items</Table.Th>
                    <Table.Th scope="col" ta="right">Average</Table.Th>
                    <Table.Th scope="col" ta="right">FIFO</Table.Th>
                    <Table.Th scope="col" ta="right">LIFO</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {chartData.map((d) => (
                    <Table.Tr key={d.type}>
                      <Table.Td>{d.type}</Table.Td>
                      <Table.Td ta="right">{d.items}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{money(d.exact.average)}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{money(d.exact.fifo)}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{money(d.exact.lifo)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </SimpleGrid>
          ) : null}
        </Paper>
      ) : null}

      {canLedger ? (
        <Paper withBorder p="md">
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="h4">
              Recent movements
            </Title>
            <Anchor component={Link} to="/movements" size="sm">
              All movements
            </Anchor>
          </Group>
          <QueryState isLoading={recent.isLoading} error={recent.error} />
          {recent.data ? <MovementTable rows={recent.data.items} label="Recent movements" /> : null}
        </Paper>
      ) : null}
    </>
  );
}

function Stat({ label, q }: { label: string; q: { data?: { n: number; capped: boolean } | undefined; isLoading: boolean; error: unknown } }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">
        {label}
      </Text>
      {q.data ? (
        <Text fz={28} fw={700}>
          {q.data.n.toLocaleString()}
          {q.data.capped ? '+' : ''}
        </Text>
      ) : (
        <QueryState isLoading={q.isLoading} error={q.error} />
      )}
    </Paper>
  );
}

function sumExact(values: string[]): string {
  let total = 0n;
  let scale = 0;
  for (const v of values) scale = Math.max(scale, (v.split('.')[1] ?? '').length);
  for (const v of values) {
    const neg = v.startsWith('-');
    const [i = '0', f = ''] = (neg ? v.slice(1) : v).split('.');
    const n = BigInt(i + f.padEnd(scale, '0'));
    total += neg ? -n : n;
  }
  const neg = total < 0n;
  const s = (neg ? -total : total).toString().padStart(scale + 1, '0');
  return (neg ? '-' : '') + (scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s);
}
