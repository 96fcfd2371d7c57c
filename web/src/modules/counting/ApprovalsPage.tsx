// The approval queue: proposed count corrections. A supervisor approves within the site's limit; a
// correction above it is answered 403 count.over_approval_limit and shown as routed to an inventory
// manager, who approves it. Nobody approves a count they counted or investigated.

import { Alert, Anchor, Button, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowUpRight, IconCheck, IconX } from '@tabler/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime, money, qty } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { isZero, unsigned, type ApprovalResult, type Correction } from './model';
import { DeskSiteSelect, errorText, StatusBadge, useDeskSite } from './ui';

type RowState = { kind: 'routed' | 'error' | 'done'; text: string };
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** "Remove 919 (shortage)" or "Add 5 (overage)": the correction is physical − system. */
export function CorrectionQty({ c }: { c: Correction }) {
  if (isZero(c.correctionQty)) return <Text span size="sm">No change</Text>;
  const removes = c.correctionQty.startsWith('-');
  return (
    <Text span size="sm" fw={600} c={removes ? 'red.9' : 'orange.9'} style={NOWRAP}>
      {removes ? `Remove ${qty(unsigned(c.correctionQty))} (shortage)` : `Add ${qty(c.correctionQty)} (overage)`}
    </Text>
  );
}

export default function ApprovalsPage() {
  const desk = useDeskSite();
  const session = useSession();
  const qc = useQueryClient();
  const [view, setView] = useState<'proposed' | 'decided'>('proposed');
  const [rowState, setRowState] = useState<Record<number, RowState>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const [rejecting, setRejecting] = useState<Correction | null>(null);
  const q = useQuery({
    queryKey: ['counting', 'corrections', desk.site, view],
    queryFn: async ({ signal }) => {
      if (view === 'proposed') return (await call<Page<Correction>>('listCorrections', { query: { site: desk.site, status: 'proposed', limit: 500 }, signal })).items;
      const [posted, rejected] = await Promise.all([
        call<Page<Correction>>('listCorrections', { query: { site: desk.site, status: 'posted', limit: 200 }, signal }),
        call<Page<Correction>>('listCorrections', { query: { site: desk.site, status: 'rejected', limit: 200 }, signal }),
      ]);
      return [...posted.items, ...rejected.items].sort((a, b) => b.correctionId - a.correctionId);
    },
    placeholderData: keepPreviousData,
  });
  const canApprove = session.can('counting.approve');

  const approve = async (c: Correction) => {
    setBusy(c.correctionId);
    try {
      const r = await call<ApprovalResult>('approveCorrection', { params: { id: c.correctionId } });
      setRowState((s) => ({ ...s, [c.correctionId]: { kind: 'done', text: `Approved and posted as movement ${r.movementId ?? '—'}${r.validationLineId ? `; validation count planned (line ${r.validationLineId})` : ''}.` } }));
      notifications.show({ color: 'teal', title: `Correction ${c.correctionId} posted`, message: `${c.sku} at ${c.location}` });
      void qc.invalidateQueries({ queryKey: ['stock'] });
      void qc.invalidateQueries({ queryKey: ['dashboard'] });
    } catch (e) {
      if (e instanceof ApiError && e.status === 403 && e.problem.code === 'count.over_approval_limit') {
        setRowState((s) => ({ ...s, [c.correctionId]: { kind: 'routed', text: `Routed to an inventory manager: ${e.problem.detail}` } }));
      } else {
        setRowState((s) => ({ ...s, [c.correctionId]: { kind: 'error', text: errorText(e) } }));
      }
    } finally {
      setBusy(null);
    }
  };

  const rows = q.data ?? [];
  return (
    <>
      <PageHeader title="Approvals" description="Count corrections waiting for a decision. Supervisors approve within their value limit; above it an inventory manager decides." actions={<DeskSiteSelect desk={desk} />} />
      <SegmentedControl mb="sm" aria-label="Corrections to show" value={view} onChange={(v) => setView(v as 'proposed')} data={[{ value: 'proposed', label: 'Waiting' }, { value: 'decided', label: 'Decided' }]} />
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={1000}>
          <Table aria-label="Count corrections">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Correction</Table.Th>
                <Table.Th scope="col">Item · bin</Table.Th>
                <Table.Th scope="col">Correction (physical − system)</Table.Th>
                <Table.Th scope="col" ta="right">Value</Table.Th>
                <Table.Th scope="col">Resolution</Table.Th>
                <Table.Th scope="col">Approver needed</Table.Th>
                <Table.Th scope="col">{view === 'proposed' ? 'Proposed' : 'Decided'}</Table.Th>
                <Table.Th scope="col">Decision</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => {
                const st = rowState[c.correctionId];
                return (
                  <Table.Tr key={c.correctionId}>
                    <Table.Td style={NOWRAP}>
                      <Text span fw={600}>{c.correctionId}</Text>{' '}
                      <Anchor component={Link} to={`/counting/lines/${c.lineId}`} size="sm">line {c.lineId}</Anchor>
                    </Table.Td>
                    <Table.Td style={NOWRAP}>{c.sku} · {c.location}</Table.Td>
                    <Table.Td><CorrectionQty c={c} /></Table.Td>
                    <Table.Td ta="right" ff="monospace" style={NOWRAP}>{money(unsigned(c.value))}</Table.Td>
                    <Table.Td>{c.resolution === 'transfer' ? `Transfer from ${c.transferFrom ?? '—'}` : 'Adjust'}</Table.Td>
                    <Table.Td>{c.requiredRole === 'inventory_manager' ? 'Inventory manager' : c.requiredRole === 'supervisor' ? 'Supervisor' : c.requiredRole}</Table.Td>
                    <Table.Td style={NOWRAP}>{dateTime(view === 'proposed' ? c.proposedAt : c.decidedAt)}</Table.Td>
                    <Table.Td>
                      {view === 'decided' ? (
                        <Stack gap={2}>
                          <StatusBadge status={c.status} />
                          <Text size="xs">{c.decidedBy ?? ''}{c.movementId ? ` · movement ${c.movementId}` : ''}</Text>
                          {c.note ? <Text size="xs" c="dimmed">{c.note}</Text> : null}
                        </Stack>
                      ) : st?.kind === 'done' ? (
                        <Alert color="teal" p="xs" role="status">{st.text}</Alert>
                      ) : (
                        <Stack gap={4}>
                          {canApprove ? (
                            <Group gap={6} wrap="nowrap">
                              <Button size="xs" leftSection={<IconCheck size={14} aria-hidden />} loading={busy === c.correctionId} onClick={() => void approve(c)} aria-label={`Approve correction ${c.correctionId}`}>
                                Approve
                              </Button>
                              <Button size="xs" variant="default" leftSection={<IconX size={14} aria-hidden />} onClick={() => setRejecting(c)} aria-label={`Reject correction ${c.correctionId}`}>
                                Reject
                              </Button>
                            </Group>
                          ) : <Text size="sm" c="dimmed">—</Text>}
                          {st?.kind === 'routed' ? (
                            <Alert color="yellow" p="xs" role="status" icon={<IconArrowUpRight size={16} aria-hidden />}>
                              {st.text}
                            </Alert>
                          ) : null}
                          {st?.kind === 'error' ? <Alert color="red" p="xs" role="alert">{st.text}</Alert> : null}
                        </Stack>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
              {q.data && rows.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={8}>{view === 'proposed' ? 'No corrections waiting.' : 'No decided corrections.'}</Table.Td>
                </Table.Tr>
              ) : null}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={rejecting !== null} onClose={() => setRejecting(null)} title={rejecting ? `Reject correction ${rejecting.correctionId}` : ''}>
        {rejecting ? (
          <RejectForm
            c={rejecting}
            onDone={(msg) => {
              setRowState((s) => ({ ...s, [rejecting.correctionId]: { kind: 'done', text: msg } }));
              setRejecting(null);
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}

function RejectForm({ c, onDone }: { c: Correction; onDone(msg: string): void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await call('rejectCorrection', { params: { id: c.correctionId }, body: note.trim() ? { note: note.trim() } : {} });
          onDone('Rejected: the line is closed without a correction.');
        } catch (err) {
          setError(errorText(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Stack>
        <Text size="sm">{c.sku} at {c.location}: the book quantity stays as it is.</Text>
        <Textarea label="Why (optional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
        {error ? <Alert color="red" role="alert">{error}</Alert> : null}
        <Group justify="flex-end">
          <Button type="submit" color="red" loading={busy}>Reject correction</Button>
        </Group>
      </Stack>
    </form>
  );
}
