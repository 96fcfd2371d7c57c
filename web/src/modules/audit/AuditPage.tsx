// The audit trail for auditors: who did what when, with before and after; filters, cursor paging, CSV
// export (same filters), and a check of the hash chain that names the first changed or removed record.

import { Alert, Button, Code, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconShieldCheck } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../shared/api/client';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';
import { errorText } from '../counting/ui';
import { downloadFile } from '../reports/download';

interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  clientAddr: string | null;
  hash: string;
}

interface ChainReport {
  ok: boolean;
  checked: number;
  firstBrokenId?: number;
  reason?: string;
}

function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export default function AuditPage() {
  const [form, setForm] = useState({ actor: '', entity: '', entityId: '', action: '', since: '', until: '' });
  const [debounced] = useDebouncedValue(form, 400);
  const filters = {
    actor: debounced.actor.trim() || undefined,
    entity: debounced.entity.trim() || undefined,
    entityId: debounced.entityId.trim() || undefined,
    action: debounced.action.trim() || undefined,
    since: toIso(debounced.since),
    until: toIso(debounced.until),
  };
  const [limit, setLimit] = useState(50);
  const paging = useCursorPaging(JSON.stringify({ filters, limit }));
  const q = useQuery({
    queryKey: ['audit', filters, limit, paging.cursor],
    queryFn: ({ signal }) => call<{ items: AuditEvent[]; nextCursor: string | null }>('listAudit', { query: { ...filters, limit, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const [chain, setChain] = useState<{ busy: boolean; report: ChainReport | null; error: string | null }>({ busy: false, report: null, error: null });
  const verify = async () => {
    setChain({ busy: true, report: null, error: null });
    try {
      setChain({ busy: false, report: await call<ChainReport>('verifyAudit'), error: null });
    } catch (e) {
      setChain({ busy: false, report: null, error: errorText(e) });
    }
  };
  const [exportMsg, setExportMsg] = useState<{ text: string; error: boolean } | null>(null);
  const exportCsv = async () => {
    setExportMsg(null);
    try {
      const r = await downloadFile('exportAuditCsv', { query: filters, fallbackName: 'audit.csv' });
      setExportMsg({ text: `Downloaded ${r.filename} (${Math.max(1, Math.round(r.size / 1024))} kB)`, error: false });
    } catch (e) {
      setExportMsg({ text: errorText(e), error: true });
    }
  };
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: v }));
  };
  const rows = q.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change: who, when, what, before and after. Records are hash-chained."
        actions={
          <>
            <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => void exportCsv()}>
              Export CSV
            </Button>
            <Button leftSection={<IconShieldCheck size={16} aria-hidden />} onClick={() => void verify()} loading={chain.busy}>
              Verify chain
            </Button>
          </>
        }
      />
      {chain.report ? (
        chain.report.ok ? (
          <Alert color="teal" role="status" mb="sm" title="Chain intact">
            All {chain.report.checked} records check out: none was changed or removed.
          </Alert>
        ) : (
          <Alert color="red" role="alert" mb="sm" title="Chain broken">
            {chain.report.checked} records checked; the first broken record is {chain.report.firstBrokenId ?? '—'}: {chain.report.reason ?? 'changed or removed'}.
          </Alert>
        )
      ) : null}
      {chain.error ? <Alert color="red" role="alert" mb="sm">{chain.error}</Alert> : null}
      {exportMsg ? <Alert color={exportMsg.error ? 'red' : 'teal'} role={exportMsg.error ? 'alert' : 'status'} mb="sm">{exportMsg.text}</Alert> : null}
      <Paper withBorder p="sm" mb="sm">
        <Group align="flex-end" wrap="wrap">
          <TextInput label="Actor" placeholder="user:12, token:3, system" value={form.actor} onChange={set('actor')} w={170} />
          <TextInput label="Action" placeholder="exact, or prefix like user." value={form.action} onChange={set('action')} w={200} />
          <TextInput label="Entity" placeholder="movement, count_line…" value={form.entity} onChange={set('entity')} w={170} />
          <TextInput label="Entity id" value={form.entityId} onChange={set('entityId')} w={110} />
          <TextInput type="datetime-local" label="Since" value={form.since} onChange={set('since')} />
          <TextInput type="datetime-local" label="Until" value={form.until} onChange={set('until')} />
        </Group>
      </Paper>
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={1000}>
          <Table aria-label="Audit events" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Id</Table.Th>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Actor</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Entity</Table.Th>
                <Table.Th scope="col">Change</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.id}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(e.at)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{e.actor}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }} fw={600}>{e.action}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{e.entity}{e.entityId ? ` ${e.entityId}` : ''}</Table.Td>
                  <Table.Td>
                    {e.before !== null || e.after !== null ? (
                      <details>
                        <summary><Text span size="sm">Before and after</Text></summary>
                        <Group align="flex-start" grow wrap="nowrap" mt={4}>
                          <div><Text size="xs" fw={700}>Before</Text><Code block fz="xs">{JSON.stringify(e.before, null, 1) ?? 'null'}</Code></div>
                          <div><Text size="xs" fw={700}>After</Text><Code block fz="xs">{JSON.stringify(e.after, null, 1) ?? 'null'}</Code></div>
                        </Group>
                        <Text size="xs" c="dimmed" mt={2}>request {e.requestId ?? '—'} · from {e.clientAddr ?? '—'} · hash {e.hash.slice(0, 16)}…</Text>
                      </details>
                    ) : '—'}
                  </Table.Td>
                </Table.Tr>
              ))}
              {q.data && rows.length === 0 ? <Table.Tr><Table.Td colSpan={6}>No events match.</Table.Td></Table.Tr> : null}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <CursorPager pageNo={paging.pageNo} rows={rows.length} nextCursor={q.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} pageSize={limit} onPageSize={setLimit} loading={q.isFetching} />
    </>
  );
}
