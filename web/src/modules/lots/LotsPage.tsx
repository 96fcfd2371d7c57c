// Lots and serials: by item, expiring before a day, active or not.

import { Group, Paper, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../shared/api/client';
import type { Lot, Page } from '../../shared/api/types';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { useCursorPaging } from '../../shared/ui/paging';
import { LotTable } from './LotTable';

export default function LotsPage() {
  const [itemText, setItemText] = useState('');
  const [item] = useDebouncedValue(itemText.trim(), 400);
  const [expiringBefore, setExpiringBefore] = useState('');
  const [active, setActive] = useState<string | null>('true');
  const [limit, setLimit] = useState(50);
  const filters = { item, expiringBefore: /^\d{4}-\d{2}-\d{2}$/.test(expiringBefore) ? expiringBefore : '', active, limit };
  const paging = useCursorPaging(JSON.stringify(filters));
  const query = useQuery({
    queryKey: ['lots', filters, paging.cursor],
    queryFn: ({ signal }) => call<Page<Lot>>('listLots', { query: { ...filters, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.items ?? [];
  return (
    <>
      <PageHeader title="Lots and serials" description="Lot numbers, serials and their expiry" />
      <Paper withBorder p="sm" mb="sm">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <TextInput label="Item (SKU)" value={itemText} onChange={(e) => setItemText(e.currentTarget.value)} w={180} />
          <TextInput label="Expiring before" type="date" value={expiringBefore} onChange={(e) => setExpiringBefore(e.currentTarget.value)} w={170} />
          <Select label="Status" data={[{ value: 'true', label: 'Active' }, { value: 'false', label: 'Inactive' }]} placeholder="Any" value={active} onChange={setActive} clearable w={140} />
        </Group>
      </Paper>
      <QueryState isLoading={query.isLoading} error={query.error} />
      {query.data ? <LotTable rows={rows} /> : null}
      <CursorPager pageNo={paging.pageNo} rows={rows.length} nextCursor={query.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} pageSize={limit} onPageSize={setLimit} loading={query.isFetching} />
    </>
  );
}
