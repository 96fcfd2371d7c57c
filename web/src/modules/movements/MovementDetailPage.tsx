// One movement with its lines; reverse it (once) with a reversing movement.

import { Alert, Anchor, Button, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, call, newIdempotencyKey } from '../../shared/api/client';
import type { Movement } from '../../shared/api/types';
import { splitFieldErrors } from '../../shared/forms/field-errors';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime, money, MOVEMENT_TYPE_LABELS, qty } from '../../shared/ui/format';
import { useSession } from '../../app/session';

export default function MovementDetailPage() {
  const id = Number(useParams().id);
  const session = useSession();
  const query = useQuery({ queryKey: ['movement', id], queryFn: ({ signal }) => call<Movement>('getMovement', { params: { id }, signal }), enabled: Number.isInteger(id) && id > 0 });
  const m = query.data;
  const total = m ? sumMoney(m.lines.map((l) => l.value)) : '0';

  return (
    <>
      <PageHeader
        title={m ? `Movement ${m.seq}: ${MOVEMENT_TYPE_LABELS[m.type] ?? m.type}` : `Movement ${id}`}
        description={<Anchor component={Link} to="/movements">Back to movements</Anchor>}
        actions={m && session.can('ledger.post') && m.type !== 'reversal' && m.reversedByMovementId === null ? <ReverseButton movement={m} /> : null}
      />
      <QueryState isLoading={query.isLoading} error={query.error} />
      {m ? (
        <Stack>
          <Paper withBorder p="md">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
              <Field label="Ledger position" value={String(m.seq)} />
              <Field label="Posted" value={dateTime(m.postedAt)} />
              <Field label="By" value={m.actor} />
              <Field label="Source document" value={m.sourceDoc ?? '—'} />
              <Field label="Reason" value={m.reasonCode ?? '—'} />
              <Field label="Total value" value={money(total)} />
              <Field label="Reverses" value={m.reversesMovementId ? <Anchor component={Link} to={`/movements/${m.reversesMovementId}`}>movement {m.reversesMovementId}</Anchor> : '—'} />
              <Field label="Reversed by" value={m.reversedByMovementId ? <Anchor component={Link} to={`/movements/${m.reversedByMovementId}`}>movement {m.reversedByMovementId}</Anchor> : '—'} />
            </SimpleGrid>
            {m.note ? (
              <Text mt="sm" size="sm">
                Note: {m.note}
              </Text>
            ) : null}
          </Paper>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={900}>
              <Table aria-label="Movement lines">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Line</Table.Th>
                    <Table.Th scope="col">SKU</Table.Th>
                    <Table.Th scope="col">Lot</Table.Th>
                    <Table.Th scope="col">From</Table.Th>
                    <Table.Th scope="col">To</Table.Th>
                    <Table.Th scope="col" ta="right">Entered</Table.Th>
                    <Table.Th scope="col" ta="right">Base quantity</Table.Th>
                    <Table.Th scope="col" ta="right">Unit cost</Table.Th>
                    <Table.Th scope="col" ta="right">Value</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {m.lines.map((l) => (
                    <Table.Tr key={l.lineNo}>
                      <Table.Td>{l.lineNo}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/items/${encodeURIComponent(l.sku)}`}>
                          {l.sku}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{l.lot ?? '—'}</Table.Td>
                      <Table.Td>{l.from}</Table.Td>
                      <Table.Td>{l.to}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{qty(l.qtyEntered, l.unitEntered)}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{qty(l.qty, l.baseUom)}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{money(l.unitCost)}</Table.Td>
                      <Table.Td ta="right" ff="monospace">{money(l.value)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
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

/** Sums decimal strings exactly (as scaled integers), for the total line of the screen. */
function sumMoney(values: string[]): string {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, (v.split('.')[1] ?? '').length);
  let total = 0n;
  for (const v of values) {
    const neg = v.startsWith('-');
    const [i = '0', f = ''] = (neg ? v.slice(1) : v).split('.');
    const n = BigInt(i + f.padEnd(scale, '0'));
    total += neg ? -n : n;
  }
  const neg = total < 0n;
  const s = (neg ? -total : total).toString().padStart(scale + 1, '0');
  return (neg ? '-' : '') + (scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s);
}

function ReverseButton({ movement }: { movement: Movement }) {
  const [opened, { open, close }] = useDisclosure(false);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const key = useRef(newIdempotencyKey());
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { reasonCode: '', note: '' } });
  const mutation = useMutation({
    mutationFn: (v: { reasonCode: string; note: string }) =>
      call<Movement>('reverseMovement', { params: { id: movement.id }, body: { ...(v.reasonCode.trim() ? { reasonCode: v.reasonCode.trim() } : {}), ...(v.note.trim() ? { note: v.note.trim() } : {}) }, idempotencyKey: key.current }),
    onSuccess: async (rev) => {
      key.current = newIdempotencyKey();
      close();
      notifications.show({ color: 'teal', title: 'Movement reversed', message: `Reversal posted as movement ${rev.seq}.` });
      await qc.invalidateQueries();
      navigate(`/movements/${rev.id}`);
    },
    onError: (e) => {
      if (e instanceof ApiError) {
        const { fields, other } = splitFieldErrors(e.problem.errors, (p) => p === 'reasonCode' || p === 'note');
        form.setErrors(fields);
        setError(other.length ? other.join(' ') : Object.keys(fields).length ? null : e.problem.detail);
      } else setError(String(e));
    },
  });
  return (
    <>
      <Button color="orange" variant="light" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={open}>
        Reverse…
      </Button>
      <Modal opened={opened} onClose={close} title={`Reverse movement ${movement.seq}`}>
        <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
          <Stack>
            <Text size="sm">A reversing movement puts every line back where it came from. The original stays in the ledger; a movement can be reversed once.</Text>
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <TextInput label="Reason code" placeholder="e.g. ENTRY_ERROR" {...form.getInputProps('reasonCode')} />
            <Textarea label="Note" autosize minRows={2} {...form.getInputProps('note')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="orange" loading={mutation.isPending}>
                Post reversal
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
