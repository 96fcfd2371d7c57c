// One item: its data and units, its lots, its stock by bin (at the chosen site) and its movements.

import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { BalanceRow, Item, Lot, MovementSummary, Page } from '../../shared/api/types';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { INVENTORY_TYPE_LABELS, money } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';
import { useSession } from '../../app/session';
import { useSite } from '../../app/site';
import { StockTable } from '../stock/StockTable';
import { MovementTable } from '../movements/MovementTable';
import { LotTable } from '../lots/LotTable';

export default function ItemDetailPage() {
  const sku = useParams().sku ?? '';
  const session = useSession();
  const query = useQuery({ queryKey: ['item', sku], queryFn: ({ signal }) => call<Item>('getItem', { params: { sku }, signal }) });
  const it = query.data;
  return (
    <>
      <PageHeader title={it ? `${it.sku}` : sku} description={it ? it.description : <Anchor component={Link} to="/items">Back to items</Anchor>} />
      <QueryState isLoading={query.isLoading} error={query.error} />
      {it ? (
        <Stack>
          <Paper withBorder p="md">
            <Group gap="xs" mb="sm">
              <Badge variant="light">{INVENTORY_TYPE_LABELS[it.inventoryType] ?? it.inventoryType}</Badge>
              <Badge variant="light" color={it.criticality === 'critical' ? 'red' : 'gray'}>{it.criticality}</Badge>
              <Badge variant="light" color={it.status === 'active' ? 'teal' : 'gray'}>{it.status}</Badge>
              {it.lotTracked ? <Badge variant="outline">lot-tracked</Badge> : null}
              {it.serialTracked ? <Badge variant="outline">serial-tracked</Badge> : null}
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
              <Field label="Category" value={it.category ?? '—'} />
              <Field label="Base unit" value={`${it.baseUom} (${it.qtyScale} decimals)`} />
              <Field label="Cost method" value={it.costMethod === 'standard' ? `standard ${money(it.standardCost)}` : 'moving average'} />
              <Field label="Shelf life" value={it.shelfLifeDays ? `${it.shelfLifeDays} days` : '—'} />
              <Field label="GTIN" value={it.gtin ?? '—'} />
              <Field label="Default supplier" value={it.defaultSupplier ?? '—'} />
            </SimpleGrid>
          </Paper>
          <Tabs defaultValue="stock" keepMounted={false}>
            <Tabs.List aria-label="Item details">
              <Tabs.Tab value="stock">Stock by bin</Tabs.Tab>
              <Tabs.Tab value="units">Units</Tabs.Tab>
              {it.lotTracked || it.serialTracked ? <Tabs.Tab value="lots">{it.serialTracked ? 'Serials' : 'Lots'}</Tabs.Tab> : null}
              {session.can('ledger.read') ? <Tabs.Tab value="movements">Movements</Tabs.Tab> : null}
            </Tabs.List>
            <Tabs.Panel value="stock" pt="sm">
              <ItemStock sku={it.sku} />
            </Tabs.Panel>
            <Tabs.Panel value="units" pt="sm">
              <Paper withBorder>
                <Table aria-label="Units of measure">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Unit</Table.Th>
                      <Table.Th scope="col">Equals</Table.Th>
                      <Table.Th scope="col">GTIN</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    <Table.Tr>
                      <Table.Td fw={600}>{it.baseUom}</Table.Td>
                      <Table.Td>base unit</Table.Td>
                      <Table.Td>{it.gtin ?? '—'}</Table.Td>
                    </Table.Tr>
                    {it.units.filter((u) => u.uom !== it.baseUom).map((u) => (
                      <Table.Tr key={u.uom}>
                        <Table.Td fw={600}>{u.uom}</Table.Td>
                        <Table.Td>
                          {u.factor} {it.baseUom}
                        </Table.Td>
                        <Table.Td>{u.gtin ?? '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            </Tabs.Panel>
            <Tabs.Panel value="lots" pt="sm">
              <ItemLots sku={it.sku} />
            </Tabs.Panel>
            <Tabs.Panel value="movements" pt="sm">
              <ItemMovements sku={it.sku} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      ) : null}
    </>
  );
}

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

function ItemStock({ sku }: { sku: string }) {
  const { site } = useSite();
  const paging = useCursorPaging(`${sku}|${site}`);
  const q = useQuery({
    queryKey: ['stock', { item: sku, site }, paging.cursor],
    queryFn: ({ signal }) => call<Page<BalanceRow>>('listStock', { query: { item: sku, site, limit: 100, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <QueryState isLoading={q.isLoading} error={q.error} />
      {q.data ? <StockTable rows={q.data.items} showItem={false} label={`Stock of ${sku} by bin`} /> : null}
      {q.data && (q.data.nextCursor || paging.pageNo > 1) ? <CursorPager pageNo={paging.pageNo} rows={q.data.items.length} nextCursor={q.data.nextCursor} onNext={paging.next} onPrev={paging.prev} /> : null}
    </>
  );
}

function ItemLots({ sku }: { sku: string }) {
  const paging = useCursorPaging(sku);
  const q = useQuery({
    queryKey: ['lots', { item: sku }, paging.cursor],
    queryFn: ({ signal }) => call<Page<Lot>>('listLots', { query: { item: sku, limit: 100, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <QueryState isLoading={q.isLoading} error={q.error} />
      {q.data ? <LotTable rows={q.data.items} showItem={false} /> : null}
      {q.data && (q.data.nextCursor || paging.pageNo > 1) ? <CursorPager pageNo={paging.pageNo} rows={q.data.items.length} nextCursor={q.data.nextCursor} onNext={paging.next} onPrev={paging.prev} /> : null}
    </>
  );
}

function ItemMovements({ sku }: { sku: string }) {
  const paging = useCursorPaging(sku);
  const q = useQuery({
    queryKey: ['movements', { item: sku }, paging.cursor],
    queryFn: ({ signal }) => call<Page<MovementSummary>>('listMovements', { query: { item: sku, limit: 25, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <QueryState isLoading={q.isLoading} error={q.error} />
      {q.data ? <MovementTable rows={q.data.items} label={`Movements of ${sku}`} /> : null}
      {q.data ? <CursorPager pageNo={paging.pageNo} rows={q.data.items.length} nextCursor={q.data.nextCursor} onNext={paging.next} onPrev={paging.prev} /> : null}
    </>
  );
}

