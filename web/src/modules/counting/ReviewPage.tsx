// Variance review: counted lines with system and counted quantity, the variance as a labelled shortage
// or overage (system − counted) in quantity, percent and value, flags and recount links. A row opens
// the line with its observations and the recount side by side.

import { Anchor, Checkbox, Group, Paper, Select, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime, qty } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';
import type { LineReview } from './model';
import { DeskSiteSelect, FlagBadge, StatusBadge, useDeskSite, VarianceFigures, VarianceQty } from './ui';

const STATUSES = ['counted', 'accepted', 'corrected', 'pending_approval', 'recount', 'recounted', 'investigating', 'closed'];
const NOWRAP = { whiteSpace: 'nowrap' } as const;

export default function ReviewPage() {
  const desk = useDeskSite();
  const [flagged, setFlagged] = useState(true);
  const [status, setStatus] = useState<string | null>(null);
  const [limit, setLimit] = useState(50);
  const filters = { site: desk.site, flagged, status, limit };
  const paging = useCursorPaging(JSON.stringify(filters));
  const q = useQuery({
    queryKey: ['counting', 'lines', 'review', filters, paging.cursor],
    queryFn: ({ signal }) => call<Page<LineReview>>('listCountLines', { query: { site: desk.site, flagged: flagged || undefined, status, limit, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const rows = (q.data?.items ?? []).filter((l) => status || l.countedAt !== null || l.status !== 'planned');
  return (
    <>
      <PageHeader title="Variance review" description="Variance = system − counted: a shortage is less found than the book says, an overage more" actions={<DeskSiteSelect desk={desk} />} />
      <Paper withBorder p="sm" mb="sm">
        <Group align="flex-end">
          <Checkbox label="Flagged lines only" checked={flagged} onChange={(e) => setFlagged(e.currentTarget.checked)} mb={8} />
          <Select label="Status" placeholder="Any status" data={STATUSES.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }))} value={status} onChange={setStatus} clearable w={200} />
        </Group>
      </Paper>
      <QueryState isLoading={q.isLoading} error={q.error} />
      {q.data ? <LineTable rows={rows} label="Count lines for review" /> : null}
      <CursorPager pageNo={paging.pageNo} rows={rows.length} nextCursor={q.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} pageSize={limit} onPageSize={setLimit} loading={q.isFetching} />
    </>
  );
}

export function LineTable({ rows, label }: { rows: LineReview[]; label: string }) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={1250}>
        <Table aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Line</Table.Th>
              <Table.Th scope="col">Item</Table.Th>
              <Table.Th scope="col">Bin · lot</Table.Th>
              <Table.Th scope="col" ta="right">System</Table.Th>
              <Table.Th scope="col" ta="right">Counted</Table.Th>
              <Table.Th scope="col">Variance (system − counted)</Table.Th>
              <Table.Th scope="col">Percent · value</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Recount</Table.Th>
              <Table.Th scope="col">Counted at</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((l) => (
              <Table.Tr key={l.lineId}>
                <Table.Td style={NOWRAP}>
                  <Anchor component={Link} to={`/counting/lines/${l.lineId}`} fw={600} aria-label={`Line ${l.lineId}, ${l.sku} at ${l.location}`}>
                    {l.lineId}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} style={NOWRAP}>{l.sku}</Text>
                  <Text size="xs" c="dimmed">{l.description}</Text>
                </Table.Td>
                <Table.Td style={NOWRAP}>{l.location}{l.lot ? ` · ${l.lot}` : ''}</Table.Td>
                <Table.Td ta="right" ff="monospace" style={NOWRAP}>{qty(l.systemQty, l.uom)}</Table.Td>
                <Table.Td ta="right" ff="monospace" style={NOWRAP}>{qty(l.countedQty, l.uom)}</Table.Td>
                <Table.Td><VarianceQty shortageQty={l.shortageQty} direction={l.direction} uom={l.uom} /></Table.Td>
                <Table.Td><VarianceFigures shortageQty={l.shortageQty} direction={l.direction} shortagePct={l.shortagePct} shortageValue={l.shortageValue} /></Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <StatusBadge status={l.status} />
                    <FlagBadge flagged={l.flagged} />
                  </Group>
                </Table.Td>
                <Table.Td style={NOWRAP}>
                  {l.recountOfLineId ? (
                    <Anchor component={Link} to={`/counting/lines/${l.recountOfLineId}`} size="sm">
                      recount of {l.recountOfLineId}
                    </Anchor>
                  ) : null}
                  {l.recountLineIds.map((id) => (
                    <Anchor key={id} component={Link} to={`/counting/lines/${id}`} size="sm" mr={6}>
                      recount {id}
                    </Anchor>
                  ))}
                  {!l.recountOfLineId && !l.recountLineIds.length ? '—' : null}
                </Table.Td>
                <Table.Td style={NOWRAP}>{dateTime(l.countedAt)}</Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={10}>No lines match these filters.</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
