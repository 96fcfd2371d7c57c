// Stock on hand per item, bin and lot: GET /api/v1/stock, filtered and paged on the server, so the
// screen stays fast with thousands of items in hundreds of bins.

import { Checkbox, Group, Paper, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { BalanceRow, Page } from '../../shared/api/types';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { INVENTORY_TYPE_LABELS } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';
import { useSite } from '../../app/site';
import { StockTable } from './StockTable';

const TYPE_OPTIONS = Object.entries(INVENTORY_TYPE_LABELS).map(([value, label]) => ({ value, label }));
// Sorted on the server, so every page follows the same order.
const SORT_OPTIONS = [
  { value: 'item', label: 'Item' },
  { value: 'location', label: 'Bin' },
  { value: 'qty_desc', label: 'Quantity, most first' },
  { value: 'qty_asc', label: 'Quantity, least first' },
];

export default function StockPage() {
  const { site } = useSite();
  const [params] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [locationText, setLocationText] = useState(params.get('location') ?? '');
  const [location] = useDebouncedValue(locationText.trim(), 400);
  const [lotText, setLotText] = useState('');
  const [lot] = useDebouncedValue(lotText.trim(), 400);
  const [inventoryType, setInventoryType] = useState<string | null>(null);
  const [includeZero, setIncludeZero] = useState(false);
  const [sort, setSort] = useState<string>('item');
  const [limit, setLimit] = useState(50);
  const filters = { site, q, location, lot, inventoryType, includeZero, sort, limit };
  const paging = useCursorPaging(JSON.stringify(filters));
  const query = useQuery({
    queryKey: ['stock', filters, paging.cursor],
    queryFn: ({ signal }) =>
      call<Page<BalanceRow>>('listStock', { query: { site, q, location, lot, inventoryType, includeZero: includeZero || undefined, sort: sort === 'item' ? undefined : sort, limit, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.items ?? [];

  return (
    <>
      <PageHeader title="Stock on hand" description={site ? `Per item, bin and lot at ${site}` : 'Per item, bin and lot, all sites'} />
      <Paper withBorder p="sm" mb="sm">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <TextInput label="Search" placeholder="SKU or description" leftSection={<IconSearch size={16} aria-hidden />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={240} />
          <TextInput label="Bin" placeholder="Bin code" value={locationText} onChange={(e) => setLocationText(e.currentTarget.value)} w={150} />
          <TextInput label="Lot" placeholder="Lot number" value={lotText} onChange={(e) => setLotText(e.currentTarget.value)} w={150} />
          <Select label="Type" placeholder="All types" data={TYPE_OPTIONS} value={inventoryType} onChange={setInventoryType} clearable w={180} />
          <Select label="Sort by" data={SORT_OPTIONS} value={sort} onChange={(v) => setSort(v ?? 'item')} allowDeselect={false} w={200} />
          <Checkbox label="Include zero balances" checked={includeZero} onChange={(e) => setIncludeZero(e.currentTarget.checked)} mb={8} />
        </Group>
      </Paper>
      <QueryState isLoading={query.isLoading} error={query.error} />
      {query.data ? <StockTable rows={rows} /> : null}
      <CursorPager pageNo={paging.pageNo} rows={rows.length} nextCursor={query.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} pageSize={limit} onPageSize={setLimit} loading={query.isFetching} />
    </>
  );
}
