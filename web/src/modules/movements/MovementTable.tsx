import { Anchor, Badge, Paper, Table } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { MovementSummary } from '../../shared/api/types';
import { dateTime, MOVEMENT_TYPE_LABELS } from '../../shared/ui/format';

export function MovementTable({ rows, label = 'Movements' }: { rows: MovementSummary[]; label?: string }) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">No.</Table.Th>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col">Posted</Table.Th>
              <Table.Th scope="col">By</Table.Th>
              <Table.Th scope="col">Document</Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
              <Table.Th scope="col" ta="right">Lines</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/movements/${m.id}`} fw={600} aria-label={`Movement ${m.seq}, ${MOVEMENT_TYPE_LABELS[m.type] ?? m.type}`}>
                    #{m.seq}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={m.type === 'reversal' ? 'orange' : m.type === 'receipt' ? 'teal' : 'indigo'}>
                    {MOVEMENT_TYPE_LABELS[m.type] ?? m.type}
                  </Badge>
                  {m.reversesMovementId ? (
                    <>
                      {' of '}
                      <Anchor component={Link} to={`/movements/${m.reversesMovementId}`} size="sm">
                        movement {m.reversesMovementId}
                      </Anchor>
                    </>
                  ) : null}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(m.postedAt)}</Table.Td>
                <Table.Td>{m.actor}</Table.Td>
                <Table.Td>{m.sourceDoc ?? '—'}</Table.Td>
                <Table.Td>{m.reasonCode ?? '—'}</Table.Td>
                <Table.Td ta="right">{m.lineCount}</Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={7}>No movements match these filters.</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
