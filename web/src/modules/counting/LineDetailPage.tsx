// One count line: what was expected and found, the variance with its direction, every observation,
// the recount beside the first count, the investigation, and ordering a recount.

import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { date, dateTime, qty } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { personName, reasonLabel, statusLabel, type InvestigationSummary, type LineDetail } from './model';
import { errorText, FlagBadge, Labelled, StatusBadge, useCounterNames, VarianceFigures, VarianceQty } from './ui';

export default function LineDetailPage() {
  const id = Number(useParams().id);
  const session = useSession();
  const qc = useQueryClient();
  const names = useCounterNames();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const line = useQuery({ queryKey: ['counting', 'line', id], queryFn: ({ signal }) => call<LineDetail>('getCountLine', { params: { id }, signal }) });
  const l = line.data;
  const otherIds = l ? (l.recountOfLineId ? [l.recountOfLineId] : l.recountLineIds) : [];
  const others = useQuery({
    queryKey: ['counting', 'line-others', id, otherIds],
    queryFn: ({ signal }) => Promise.all(otherIds.map((o) => call<LineDetail>('getCountLine', { params: { id: o }, signal }))),
    enabled: otherIds.length > 0,
  });
  const investigations = useQuery({
    queryKey: ['counting', 'investigations', 'for-line', id],
    queryFn: async ({ signal }) => {
      const p = await call<Page<InvestigationSummary>>('listInvestigations', { query: { limit: 500 }, signal });
      return p.items;
    },
    enabled: !!l,
  });
  const chain = new Set([id, ...otherIds]);
  const inv = (investigations.data ?? []).filter((i) => chain.has(i.lineId));

  const recount = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call<{ recountTaskId: number }>('orderRecount', { params: { id } });
      notifications.show({ color: 'teal', title: 'Recount ordered', message: `Blind recount task ${r.recountTaskId}, by a different counter` });
      await qc.invalidateQueries({ queryKey: ['counting'] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const first = l ? (l.recountOfLineId ? others.data?.[0] : l) : undefined;
  const rc = l ? (l.recountOfLineId ? l : others.data?.[others.data.length - 1]) : undefined;
  const canRecount = session.can('counting.review') && l && !l.recountOfLineId && ['pending_approval', 'accepted', 'investigating'].includes(l.status);

  return (
    <>
      <PageHeader
        title={`Count line ${id}`}
        description={l ? `${l.sku} · ${l.description} at ${l.location}${l.lot ? `, lot ${l.lot}` : ''}` : undefined}
        actions={
          <>
            <Anchor component={Link} to="/counting/review" size="sm">Back to variance review</Anchor>
            {canRecount ? (
              <Button onClick={() => void recount()} loading={busy}>
                Order recount
              </Button>
            ) : null}
          </>
        }
      />
      <QueryState isLoading={line.isLoading} error={line.error} />
      {error ? <Alert color="red" role="alert" mb="sm">{error}</Alert> : null}
      {l ? (
        <Stack>
          <Paper withBorder p="md">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              <Labelled label="Status"><Group gap={4}><StatusBadge status={l.status} /><FlagBadge flagged={l.flagged} /></Group></Labelled>
              <Labelled label="Kind">{l.kind}{l.taskId ? ` · task ${l.taskId}` : ''}</Labelled>
              <Labelled label="Planned">{date(l.plannedDate)}</Labelled>
              <Labelled label="Why">{l.reasons.map(reasonLabel).join(', ') || '—'}</Labelled>
              <Labelled label="Tolerance outcome">{statusLabel(l.outcome)}</Labelled>
              <Labelled label="Resolution">{statusLabel(l.resolution)}{l.correctionMovementId ? <> · <Anchor component={Link} to={`/movements/${l.correctionMovementId}`}>movement {l.correctionMovementId}</Anchor></> : null}</Labelled>
              <Labelled label="Counters">{l.counters.map((c) => personName(c, names)).join(', ') || '—'}</Labelled>
              <Labelled label="Investigation">{inv.length ? inv.map((i) => <Anchor key={i.id} component={Link} to={`/counting/investigations/${i.id}`} mr={6}>{`#${i.id} (${i.status})`}</Anchor>) : '—'}</Labelled>
            </SimpleGrid>
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">
              First count and recount side by side
            </Title>
            <Table aria-label="First count and recount" withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" />
                  <Table.Th scope="col">First count{first ? ` (line ${first.lineId})` : ''}</Table.Th>
                  <Table.Th scope="col">Recount{rc && rc !== first ? ` (line ${rc.lineId})` : ''}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[
                  ['Counted at', (x: LineDetail) => dateTime(x.countedAt)],
                  ['System quantity at the count', (x: LineDetail) => qty(x.systemQty, x.uom)],
                  ['Counted', (x: LineDetail) => qty(x.countedQty, x.uom)],
                  ['Variance (system − counted)', (x: LineDetail) => <VarianceQty shortageQty={x.shortageQty} direction={x.direction} uom={x.uom} />],
                  ['Percent · value', (x: LineDetail) => <VarianceFigures shortageQty={x.shortageQty} direction={x.direction} shortagePct={x.shortagePct} shortageValue={x.shortageValue} />],
                  ['Counters', (x: LineDetail) => x.counters.map((c) => personName(c, names)).join(', ') || '—'],
                  ['Status', (x: LineDetail) => <StatusBadge status={x.status} />],
                ].map(([label, f]) => {
                  const fn = f as (x: LineDetail) => React.ReactNode;
                  return (
                    <Table.Tr key={label as string}>
                      <Table.Th scope="row">{label as string}</Table.Th>
                      <Table.Td>{first ? fn(first) : '—'}</Table.Td>
                      <Table.Td>{rc && rc !== first ? fn(rc) : <Text span c="dimmed">No recount</Text>}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">
              Observations of line {l.lineId}
            </Title>
            <Text size="xs" c="dimmed" mb="xs">Counts are kept as observations: two counters counting parts of one bin add up.</Text>
            <Table aria-label="Observations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">Counter</Table.Th>
                  <Table.Th scope="col" ta="right">Entered</Table.Th>
                  <Table.Th scope="col" ta="right">In base unit</Table.Th>
                  <Table.Th scope="col">Lot</Table.Th>
                  <Table.Th scope="col">Bin empty</Table.Th>
                  <Table.Th scope="col">Note</Table.Th>
                  <Table.Th scope="col">Device</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {l.observations.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>{dateTime(o.observedAt)}</Table.Td>
                    <Table.Td>{personName(o.counterUserId, names)}</Table.Td>
                    <Table.Td ta="right" ff="monospace">{qty(o.qtyEntered, o.unit)}</Table.Td>
                    <Table.Td ta="right" ff="monospace">{qty(o.qty, l.uom)}</Table.Td>
                    <Table.Td>{o.lot ?? '—'}</Table.Td>
                    <Table.Td>{o.binEmpty ? 'Yes' : 'No'}</Table.Td>
                    <Table.Td>{o.note ?? '—'}</Table.Td>
                    <Table.Td>{o.device ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
                {l.observations.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={8}>Not counted yet.</Table.Td>
                  </Table.Tr>
                ) : null}
              </Table.Tbody>
            </Table>
          </Paper>
        </Stack>
      ) : null}
    </>
  );
}
