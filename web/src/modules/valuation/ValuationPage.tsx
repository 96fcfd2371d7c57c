// Stock valuation by moving average, FIFO and LIFO (GET /api/v1/reports/valuation).

import { Group, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../shared/api/client';
import type { ValuationReport } from '../../shared/api/types';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { INVENTORY_TYPE_LABELS, money, qty } from '../../shared/ui/format';

const TYPE_OPTIONS = Object.entries(INVENTORY_TYPE_LABELS).map(([value, label]) => ({ value, label }));

export default function ValuationPage() {
  const [inventoryType, setInventoryType] = useState<string | null>(null);
  const [itemText, setItemText] = useState('');
  const [item] = useDebouncedValue(itemText.trim(), 400);
  const query = useQuery({
    queryKey: ['valuation', { inventoryType, item }],
    queryFn: ({ signal }) => call<ValuationReport>('valuation', { query: { inventoryType, item }, signal }),
    placeholderData: keepPreviousData,
  });
  const r = query.data;
  return (
    <>
      <PageHeader title="Valuation" description="Stock value by moving average, FIFO and LIFO, across all sites" />
      <Paper withBorder p="sm" mb="sm">
        <Group gap="sm" align="flex-end">
          <Select label="Type" placeholder="All types" data={TYPE_OPTIONS} value={inventoryType} onChange={setInventoryType} clearable w={200} />
          <TextInput label="Item (SKU)" value={itemText} onChange={(e) => setItemText(e.currentTarget.value)} w={180} />
        </Group>
      </Paper>
      <QueryState isLoading={query.isLoading} error={query.error} />
      {r ? (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
            <Total label="Moving average" value={r.totals.average} />
            <Total label="FIFO" value={r.totals.fifo} />
            <Total label="LIFO" value={r.totals.lifo} />
          </SimpleGrid>
          <Text size="sm" c="dimmed" mb="xs">
            At ledger position {r.position} · {r.lines.length} item{r.lines.length === 1 ? '' : 's'} with stock
          </Text>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={760}>
              <Table aria-label="Valuation by item">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">SKU</Table.Th>
                    <Table.Th scope="col">Description</Table.Th>
                    <Table.Th scope="col" ta="right">On hand</Table.Th>
                    <Table.Th scope="col" ta="right">Average</Table.Th>
                    <Table.Th scope="col" ta="right">FIFO</Table.Th>
                    <Table.Th scope="col" ta="right">LIFO</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.lines.map((l) => (
                    <Table.Tr key={l.sku}>
                      <Table.Td fw={600}>{l.sku}</Table.Td>
                      <Table.Td>{l.description}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{qty(l.qtyOnHand, l.uom)}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{money(l.average)}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{money(l.fifo)}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{money(l.lifo)}</Table.Td>
                    </Table.Tr>
                  ))}
                  {r.lines.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={6}>No stock to value.</Table.Td>
                    </Table.Tr>
                  ) : null}
                </Table.Tbody>
                {r.lines.length ? (
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Th scope="row" colSpan={3}>
                        Total
                      </Table.Th>
                      <Table.Td ta="right" ff="monospace" fw={700}>{money(r.totals.average)}</Table.Td>
                      <Table.Td ta="right" ff="monospace" fw={700}>{money(r.totals.fifo)}</Table.Td>
                      <Table.Td ta="right" ff="monospace" fw={700}>{money(r.totals.lifo)}</Table.Td>
                    </Table.Tr>
                  </Table.Tfoot>
                ) : null}
              </Table>
            </Table.ScrollContainer>
          </Paper>
        </>
      ) : null}
    </>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text fz={26} fw={700} ff="monospace">
        {money(value)}
      </Text>
    </Paper>
  );
}
