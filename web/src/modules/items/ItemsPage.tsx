// Items: server-side search, filters and cursor paging over GET /api/v1/items.

import { Anchor, Badge, Group, Paper, Select, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Item, Page } from '../../shared/api/types';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { INVENTORY_TYPE_LABELS } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';

const TYPE_OPTIONS = Object.entries(INVENTORY_TYPE_LABELS).map(([value, label]) => ({ value, label }));

export default function ItemsPage() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [type, setType] = useState<string | null>(null);
  const [criticality, setCriticality] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>('active');
  const [lotTracked, setLotTracked] = useState<string | null>(null);
  const [limit, setLimit] = useState(50);
  const filters = { q, type, criticality, status, lotTracked, limit };
  const paging = useCursorPaging(JSON.stringify(filters));
  const query = useQuery({
    queryKey: ['items', filters, paging.cursor],
    queryFn: ({ signal }) =>
      call<Page<Item>>('listItems', { query: { q, type, criticality, status, lotTracked, limit, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.items ?? [];

  return (
    <>
      <PageHeader title="Items" description="Raw materials, work in progress, finished goods and MRO spares" />
      <Paper withBorder p="sm" mb="sm">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <TextInput label="Search" placeholder="SKU or description" leftSection={<IconSearch size={16} aria-hidden />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={260} />
          <Select label="Type" placeholder="All types" data={TYPE_OPTIONS} value={type} onChange={setType} clearable w={180} />
          <Select label="Criticality" placeholder="Any" data={[{ value: 'critical', label: 'Critical' }, { value: 'normal', label: 'Normal' }, { value: 'low', label: 'Low' }]} value={criticality} onChange={setCriticality} clearable w={140} />
          <Select label="Status" placeholder="Any" data={[{ value: 'active', label: 'Active' }, { value: 'discontinued', label: 'Discontinued' }, { value: 'inactive', label: 'Inactive' }]} value={status} onChange={setStatus} clearable w={150} />
          <Select label="Lot tracking" placeholder="Any" data={[{ value: 'true', label: 'Lot-tracked' }, { value: 'false', label: 'Not lot-tracked' }]} value={lotTracked} onChange={setLotTracked} clearable w={160} />
        </Group>
      </Paper>
      <QueryState isLoading={query.isLoading} error={query.error} />
      {query.data ? (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Items">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">SKU</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Type</Table.Th>
                  <Table.Th scope="col">Category</Table.Th>
                  <Table.Th scope="col">Base unit</Table.Th>
                  <Table.Th scope="col">Tracking</Table.Th>
                  <Table.Th scope="col">Criticality</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((it) => (
                  <Table.Tr key={it.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/items/${encodeURIComponent(it.sku)}`} fw={600}>
                        {it.sku}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{it.description}</Table.Td>
                    <Table.Td>{INVENTORY_TYPE_LABELS[it.inventoryType] ?? it.inventoryType}</Table.Td>
                    <Table.Td>{it.category ?? '—'}</Table.Td>
                    <Table.Td>{it.baseUom}</Table.Td>
                    <Table.Td>{it.serialTracked ? 'Serial' : it.lotTracked ? 'Lot' : '—'}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={it.criticality === 'critical' ? 'red' : it.criticality === 'low' ? 'gray' : 'blue'}>
                        {it.criticality}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{it.status}</Table.Td>
                  </Table.Tr>
                ))}
                {rows.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={8}>No items match these filters.</Table.Td>
                  </Table.Tr>
                ) : null}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}
      <CursorPager pageNo={paging.pageNo} rows={rows.length} nextCursor={query.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} pageSize={limit} onPageSize={setLimit} loading={query.isFetching} />
    </>
  );
}
