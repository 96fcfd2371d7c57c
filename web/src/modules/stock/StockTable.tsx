import { Anchor, Paper, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { BalanceRow } from '../../shared/api/types';
import { date, dateTime, money, qty } from '../../shared/ui/format';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

export function StockTable({ rows, showItem = true, label = 'Stock on hand' }: { rows: BalanceRow[]; showItem?: boolean; label?: string }) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={900}>
        <Table aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {showItem ? <Table.Th scope="col">SKU</Table.Th> : null}
              {showItem ? <Table.Th scope="col">Description</Table.Th> : null}
              <Table.Th scope="col">Bin</Table.Th>
              <Table.Th scope="col">Lot</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col" ta="right">On hand</Table.Th>
              <Table.Th scope="col" ta="right">Value</Table.Th>
              <Table.Th scope="col">Last receipt</Table.Th>
              <Table.Th scope="col">Last shipment</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={`${r.itemId}-${r.locationId}-${r.lotId}`}>
                {showItem ? (
                  <Table.Td style={NOWRAP}>
                    <Anchor component={Link} to={`/items/${encodeURIComponent(r.sku)}`} fw={600}>
                      {r.sku}
                    </Anchor>
                  </Table.Td>
                ) : null}
                {showItem ? <Table.Td>{r.description}</Table.Td> : null}
                <Table.Td style={NOWRAP}>{r.location}</Table.Td>
                <Table.Td style={NOWRAP}>{r.lot ?? '—'}</Table.Td>
                <Table.Td style={NOWRAP}>{date(r.lotExpiry)}</Table.Td>
                <Table.Td ta="right" ff="monospace" style={NOWRAP}>{qty(r.qtyOnHand, r.uom)}</Table.Td>
                <Table.Td ta="right" ff="monospace" style={NOWRAP}>{money(r.value)}</Table.Td>
                <Table.Td>
                  {r.lastReceiptAt ? (
                    <Text size="sm">
                      {dateTime(r.lastReceiptAt)} · {qty(r.lastReceiptQty, r.uom)}
                    </Text>
                  ) : '—'}
                </Table.Td>
                <Table.Td>
                  {r.lastShipmentAt ? (
                    <Text size="sm">
                      {dateTime(r.lastShipmentAt)} · {qty(r.lastShipmentQty, r.uom)}
                    </Text>
                  ) : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={showItem ? 9 : 7}>No stock matches these filters.</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
