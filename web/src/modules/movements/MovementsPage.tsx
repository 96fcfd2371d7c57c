// Movement history, newest first, with drill-down to a movement's lines.

import { Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import { MOVEMENT_TYPES, type MovementSummary, type Page } from '../../shared/api/types';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { MOVEMENT_TYPE_LABELS } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';
import { useSession } from '../../app/session';
import { MovementTable } from './MovementTable';

const TYPE_OPTIONS = MOVEMENT_TYPES.map((t) => ({ value: t, label: MOVEMENT_TYPE_LABELS[t] ?? t }));

/** A date input's day as the start of that day in local time, in ISO form for the API. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

export default function MovementsPage() {
  const session = useSession();
  const [type, setType] = useState<string | null>(null);
  const [itemText, setItemText] = useState('');
  const [item] = useDebouncedValue(itemText.trim(), 400);
  const [locationText, setLocationText] = useState('');
  const [location] = useDebouncedValue(locationText.trim(), 400);
  const [docText, setDocText] = useState('');
  const [sourceDoc] = useDebouncedValue(docText.trim(), 400);
  const [sinceDay, setSinceDay] = useState('');
  const [untilDay, setUntilDay] = useState('');
  const [limit, setLimit] = useState(50);
  const since = dayStart(sinceDay);
  const until = dayStart(untilDay, 1);
  const filters = { type, item, location, sourceDoc, since, until, limit };
  const paging = useCursorPaging(JSON.stringify(filters));
  const query = useQuery({
    queryKey: ['movements', filters, paging.cursor],
    queryFn: ({ signal }) => call<Page<MovementSummary>>('listMovements', { query: { ...filters, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Movements"
        description="Every change of stock, newest first. Open one to see its lines or reverse it."
        actions={session.can('ledger.post') ? (
          <Button component={Link} to="/movements/new" leftSection={<IconPlus size={16} aria-hidden />}>
            Post a movement
          </Button>
        ) : null}
      />
      <Paper withBorder p="sm" mb="sm">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <Select label="Type" placeholder="All types" data={TYPE_OPTIONS} value={type} onChange={setType} clearable w={200} />
          <TextInput label="Item (SKU)" value={itemText} onChange={(e) => setItemText(e.currentTarget.value)} w={160} />
          <TextInput label="Location" value={locationText} onChange={(e) => setLocationText(e.currentTarget.value)} w={150} />
          <TextInput label="Document" value={docText} onChange={(e) => setDocText(e.currentTarget.value)} w={150} />
          <TextInput label="From day" type="date" value={sinceDay} onChange={(e) => setSinceDay(e.currentTarget.value)} w={160} />
          <TextInput label="To day" type="date" value={untilDay} onChange={(e) => setUntilDay(e.currentTarget.value)} w={160} />
        </Group>
      </Paper>
      <QueryState isLoading={query.isLoading} error={query.error} />
      {query.data ? <MovementTable rows={rows} /> : null}
      <CursorPager pageNo={paging.pageNo} rows={rows.length} nextCursor={query.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} pageSize={limit} onPageSize={setLimit} loading={query.isFetching} />
    </>
  );
}
