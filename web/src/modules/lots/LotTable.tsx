import { Anchor, Badge, Paper, Table } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Lot } from '../../shared/api/types';
import { date } from '../../shared/ui/format';

export function LotTable({ rows, showItem = true }: { rows: Lot[]; showItem?: boolean }) {
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Lots">
          <Table.Thead>
            <Table.Tr>
              {showItem ? <Table.Th scope="col">SKU</Table.Th> : null}
              <Table.Th scope="col">Lot / serial</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col">Supplier lot</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((l) => (
              <Table.Tr key={l.id}>
                {showItem ? (
                  <Table.Td>
                    <Anchor component={Link} to={`/items/${encodeURIComponent(l.sku)}`} fw={600}>
                      {l.sku}
                    </Anchor>
                  </Table.Td>
                ) : null}
                <Table.Td>
                  <Anchor component={Link} to={`/stock?q=${encodeURIComponent(l.sku)}`} aria-label={`Stock of ${l.sku} lot ${l.lotNo}`}>
                    {l.lotNo}
                  </Anchor>
                </Table.Td>
                <Table.Td>{l.kind}</Table.Td>
                <Table.Td>
                  {date(l.expiresOn)}{' '}
                  {l.expiresOn && l.expiresOn < today ? (
                    <Badge color="red" variant="light" size="sm">
                      expired
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{l.supplierLot ?? '—'}</Table.Td>
                <Table.Td>{l.active ? 'active' : 'inactive'}</Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={showItem ? 6 : 5}>No lots.</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
