// Investigations: the list (mine or all, open or completed) and links to the investigation form.

import { Anchor, Checkbox, Group, Paper, SegmentedControl, Table } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';
import { useSession } from '../../app/session';
import { personName, type InvestigationSummary } from './model';
import { StatusBadge, useCounterNames } from './ui';

export default function InvestigationsPage() {
  const session = useSession();
  const names = useCounterNames();
  const [mine, setMine] = useState(session.can('counting.investigate'));
  const [status, setStatus] = useState<'open' | 'completed' | 'all'>('open');
  const filters = { mine, status };
  const paging = useCursorPaging(JSON.stringify(filters));
  const q = useQuery({
    queryKey: ['counting', 'investigations', filters, paging.cursor],
    queryFn: ({ signal }) => call<Page<InvestigationSummary>>('listInvestigations', { query: { mine: mine || undefined, status: status === 'all' ? undefined : status, limit: 50, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const rows = q.data?.items ?? [];
  return (
    <>
      <PageHeader title="Investigations" description="Flagged variances confirmed by a recount, with their evidence gathered" />
      <Paper withBorder p="sm" mb="sm">
        <Group>
          <SegmentedControl aria-label="Status" value={status} onChange={(v) => setStatus(v as 'open')} data={[{ value: 'open', label: 'Open' }, { value: 'completed', label: 'Completed' }, { value: 'all', label: 'All' }]} />
          <Checkbox label="Assigned to me" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
        </Group>
      </Paper>
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Paper withBorder>
        <Table aria-label="Investigations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Investigation</Table.Th>
              <Table.Th scope="col">Item</Table.Th>
              <Table.Th scope="col">Bin</Table.Th>
              <Table.Th scope="col">Count line</Table.Th>
              <Table.Th scope="col">Assigned to</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/counting/investigations/${i.id}`} fw={600}>
                    Investigation {i.id}
                  </Anchor>
                </Table.Td>
                <Table.Td>{i.sku}</Table.Td>
                <Table.Td>{i.location}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/counting/lines/${i.lineId}`}>line {i.lineId}</Anchor>
                </Table.Td>
                <Table.Td>{personName(i.assignedTo, names)}</Table.Td>
                <Table.Td><StatusBadge status={i.status} /></Table.Td>
                <Table.Td>{dateTime(i.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
            {q.data && rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={7}>No investigations match.</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Paper>
      <CursorPager pageNo={paging.pageNo} rows={rows.length} nextCursor={q.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} loading={q.isFetching} />
    </>
  );
}
