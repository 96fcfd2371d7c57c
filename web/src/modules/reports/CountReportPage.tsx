// The cycle count report per period (site, dates, optional zone) or per task: every field of seed 000
// step 11, on screen, and as CSV and PDF downloads.

import { Alert, Anchor, Button, Group, NumberInput, Paper, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime, money, qty } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';
import { addDays, pct, today, unsigned } from '../counting/model';
import { DeskSiteSelect, errorText, useDeskSite, VarianceFigures, VarianceQty } from '../counting/ui';
import { downloadFile } from './download';
import type { CountFigures, CountReport } from './model';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

export default function CountReportPage() {
  const desk = useDeskSite();
  const [from, setFrom] = useState(() => addDays(today(), -30));
  const [to, setTo] = useState(today);
  const [zone, setZone] = useState('');
  const [taskId, setTaskId] = useState<number | string>('');
  const filter = taskId !== '' ? { taskId: Number(taskId) } : { site: desk.site, from, to, zone: zone.trim() || undefined };
  const paging = useCursorPaging(JSON.stringify(filter));
  const q = useQuery({
    queryKey: ['reports', 'counts', filter, paging.cursor],
    queryFn: ({ signal }) => call<CountReport>('countReport', { query: { ...filter, format: 'json', limit: 100, cursor: paging.cursor }, signal }),
    enabled: taskId !== '' || !!desk.site,
    placeholderData: keepPreviousData,
  });
  const [dl, setDl] = useState<{ busy: 'csv' | 'pdf' | null; msg: string | null; error: boolean }>({ busy: null, msg: null, error: false });
  const download = async (format: 'csv' | 'pdf') => {
    setDl({ busy: format, msg: null, error: false });
    try {
      const r = await downloadFile('countReport', { query: { ...filter, format }, fallbackName: `count-report.${format}` });
      setDl({ busy: null, msg: `Downloaded ${r.filename} (${r.contentType.split(';')[0]}, ${Math.max(1, Math.round(r.size / 1024))} kB)`, error: false });
    } catch (e) {
      setDl({ busy: null, msg: errorText(e), error: true });
    }
  };
  const t = q.data?.totals;
  return (
    <>
      <PageHeader
        title="Count report"
        description="Per period or per task: system quantity at the count, physical count, variance as system − counted, recount beside the first count, investigator and resolution"
        actions={
          <>
            <Button variant="default" leftSection={<IconFileTypeCsv size={16} aria-hidden />} loading={dl.busy === 'csv'} onClick={() => void download('csv')}>
              Download CSV
            </Button>
            <Button variant="default" leftSection={<IconFileTypePdf size={16} aria-hidden />} loading={dl.busy === 'pdf'} onClick={() => void download('pdf')}>
              Download PDF
            </Button>
          </>
        }
      />
      <Paper withBorder p="sm" mb="sm">
        <Group align="flex-end">
          <DeskSiteSelect desk={desk} />
          <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} disabled={taskId !== ''} />
          <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} disabled={taskId !== ''} />
          <TextInput label="Zone" placeholder="All zones" value={zone} onChange={(e) => setZone(e.currentTarget.value)} disabled={taskId !== ''} w={140} />
          <NumberInput label="Or one task" placeholder="Task id" value={taskId} onChange={setTaskId} min={1} allowDecimal={false} w={140} />
        </Group>
      </Paper>
      {dl.msg ? <Alert color={dl.error ? 'red' : 'teal'} role={dl.error ? 'alert' : 'status'} mb="sm">{dl.msg}</Alert> : null}
      <QueryState isLoading={q.isLoading} error={q.error} />
      {t ? (
        <SimpleGrid cols={{ base: 2, md: 4, lg: 6 }} mb="sm">
          <Stat label="Lines counted" value={String(t.linesCounted)} />
          <Stat label="Within tolerance" value={String(t.linesWithinTolerance)} />
          <Stat label="Flagged" value={String(t.linesFlagged)} />
          <Stat label="Recounted" value={String(t.linesRecounted)} />
          <Stat label="Accuracy by count" value={pct(t.accuracyByCountPct)} />
          <Stat label="Accuracy by value" value={pct(t.accuracyByValuePct)} />
          <Stat label="Net shortage value (system − counted)" value={t.shortageValue.startsWith('-') ? `overage ${money(unsigned(t.shortageValue))}` : `shortage ${money(t.shortageValue)}`} />
          <Stat label="Absolute variance value" value={money(t.absShortageValue)} />
        </SimpleGrid>
      ) : null}
      {q.data?.notes.length ? <Text size="xs" c="dimmed" mb="xs">{q.data.notes.join(' ')}</Text> : null}
      {q.data ? (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={1400}>
            <Table aria-label="Count report" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Line</Table.Th>
                  <Table.Th scope="col">Item</Table.Th>
                  <Table.Th scope="col">Bin · lot</Table.Th>
                  <Table.Th scope="col">Count</Table.Th>
                  <Table.Th scope="col" ta="right">System</Table.Th>
                  <Table.Th scope="col" ta="right">Physical</Table.Th>
                  <Table.Th scope="col">Variance (system − counted)</Table.Th>
                  <Table.Th scope="col">Percent · value</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Investigator / resolver</Table.Th>
                  <Table.Th scope="col">Resolution</Table.Th>
                  <Table.Th scope="col">Counted at</Table.Th>
                  <Table.Th scope="col">Team</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.items.flatMap((r) => {
                  const fig = (f: CountFigures, label: string) => (
                    <Table.Tr key={`${r.lineId}-${label}`}>
                      {label === 'First count' ? (
                        <>
                          <Table.Td rowSpan={r.recount ? 2 : 1} style={NOWRAP}><Anchor component={Link} to={`/counting/lines/${r.lineId}`} fw={600}>{r.lineId}</Anchor></Table.Td>
                          <Table.Td rowSpan={r.recount ? 2 : 1}><Text size="sm" fw={600} style={NOWRAP}>{r.sku}</Text><Text size="xs" c="dimmed">{r.description}</Text></Table.Td>
                          <Table.Td rowSpan={r.recount ? 2 : 1} style={NOWRAP}>{r.location}{r.lot ? ` · ${r.lot}` : ''}</Table.Td>
                        </>
                      ) : null}
                      <Table.Td style={NOWRAP}>{label}</Table.Td>
                      <Table.Td ta="right" ff="monospace" style={NOWRAP}>{qty(f.systemQty, r.uom)}</Table.Td>
                      <Table.Td ta="right" ff="monospace" style={NOWRAP}>{qty(f.countedQty, r.uom)}</Table.Td>
                      <Table.Td><VarianceQty shortageQty={f.shortageQty} uom={r.uom} /></Table.Td>
                      <Table.Td><VarianceFigures shortageQty={f.shortageQty} shortagePct={f.shortagePct} shortageValue={f.shortageValue} /></Table.Td>
                      <Table.Td>{label === 'First count' ? r.statusText : f.varianceStatus}</Table.Td>
                      {label === 'First count' ? (
                        <>
                          <Table.Td rowSpan={r.recount ? 2 : 1}>{r.investigatorResolver || '—'}</Table.Td>
                          <Table.Td rowSpan={r.recount ? 2 : 1}>{r.resolutionNotes || '—'}</Table.Td>
                        </>
                      ) : null}
                      <Table.Td style={NOWRAP}>{dateTime(f.countedAt)}</Table.Td>
                      <Table.Td>{[...f.counters, ...f.secondCounters].map((p) => p.name).join(', ') || '—'}</Table.Td>
                    </Table.Tr>
                  );
                  return [fig(r.first, 'First count'), ...(r.recount ? [fig(r.recount, 'Recount')] : [])];
                })}
                {q.data.items.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={13}>No counts in this period.</Table.Td>
                  </Table.Tr>
                ) : null}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : null}
      <CursorPager pageNo={paging.pageNo} rows={q.data?.items.length ?? 0} nextCursor={q.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} loading={q.isFetching} />
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">{label}</Text>
      <Text fz="lg" fw={700}>{value}</Text>
    </Paper>
  );
}
