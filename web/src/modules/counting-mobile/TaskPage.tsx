// One count task, bin by bin in walk order. Per bin: the scan field (keyboard-wedge scanner, camera or
// typed), the lines of the bin to count, "bin empty" and "item not on the list"; at the bottom, the
// thumb's row: previous bin, all bins, next bin (on the last bin: submit). Every count goes to the
// phone's queue first (with its client key) and on to the server when the network lets it.

import { Alert, Badge, Box, Button, Card, Drawer, Group, Loader, Modal, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconArrowRight, IconBox, IconCheck, IconCloudOff, IconListDetails, IconPackageOff, IconPlus, IconSend } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api/client';
import { classifyScan, normalizeGtin } from '../../shared/gs1/gs1';
import { useOnline, useOutboxState } from '../../shared/offline/useOutbox';
import type { OutboxEntry } from '../../shared/offline/outbox';
import { dateTime, date as fmtDate, qty as fmtQty } from '../../shared/ui/format';
import { deviceName, fetchTask, findItemByGtin, isNetworkError, searchItems, submitTask } from './api';
import { CountForm, type CountSubject, type CountValues } from './CountForm';
import { useJournal, type JournalEntry } from './device';
import { matchScan, type Prefill } from './match';
import { ScanField } from './ScanField';
import { CountHeader, useDevice } from './shell';
import type { ItemCodes, ObservationBody, SheetLine } from './types';
import { useWedgeScanner } from './wedge';

type Sheet =
  | { kind: 'line'; line: SheetLine; prefill: Prefill; hint?: string | undefined }
  | { kind: 'unexpected'; item: ItemCodes | null; prefill: Prefill; hint?: string | undefined; search: string };

interface Bin {
  location: string;
  walkSeq: number | null;
  lines: SheetLine[];
}

type Message = { color: 'green' | 'red' | 'yellow' | 'gray'; text: string; action?: { label: string; run: () => void } };

function describeCount(e: Pick<JournalEntry, 'binEmpty' | 'qty' | 'unit'>): string {
  return e.binEmpty ? 'bin empty' : `${fmtQty(e.qty ?? '0')} ${e.unit ?? ''}`.trim();
}

export default function TaskPage() {
  const params = useParams();
  const taskId = Number(params.taskId);
  const { owner, outbox, journal } = useDevice();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const online = useOnline();
  const box = useOutboxState(outbox);
  useJournal(journal);
  const queryKey = useMemo(() => ['counting-mobile', owner, 'task', taskId], [owner, taskId]);
  const q = useQuery({ queryKey, queryFn: () => fetchTask(owner, taskId), networkMode: 'always', enabled: Number.isInteger(taskId) && taskId > 0, staleTime: 0 });
  const [search, setSearch] = useSearchParams();
  const [sheet, setSheet] = useState<Sheet | null>(null);
  // the drawer keeps its last title while it slides away
  const lastSheet = useRef<Sheet | null>(null);
  if (sheet) lastSheet.current = sheet;
  const shown = sheet ?? lastSheet.current;
  const [message, setMessage] = useState<Message | null>(null);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [binList, setBinList] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    void journal.load(taskId);
  }, [journal, taskId]);

  // When this task's queue has drained, read the sheet again: the server's counts are then current.
  const group = String(taskId);
  const pendingHere = box.pending.filter((e) => e.group === group);
  const rejectedHere = box.rejected.filter((e) => e.group === group);
  const before = useRef(pendingHere.length);
  useEffect(() => {
    if (before.current > 0 && pendingHere.length === 0 && navigator.onLine) void qc.invalidateQueries({ queryKey });
    before.current = pendingHere.length;
  }, [pendingHere.length, qc, queryKey]);

  const data = q.data?.data;
  const bins = useMemo<Bin[]>(() => {
    const out: Bin[] = [];
    // the sheet comes in walk order (walk sequence, then bin code): the first line of a bin places it
    for (const l of data?.sheet.lines ?? []) {
      const existing = out.find((b) => b.location === l.location);
      if (existing) existing.lines.push(l);
      else out.push({ location: l.location, walkSeq: l.walkSeq, lines: [l] });
    }
    return out;
  }, [data]);
  const binCode = search.get('bin');
  const binIndex = Math.max(0, bins.findIndex((b) => b.location === binCode));
  const bin = bins[binIndex];
  const goBin = useCallback((i: number) => {
    const b = bins[i];
    if (!b) return;
    setSearch({ bin: b.location }, { replace: true });
    setMessage(null);
    window.scrollTo({ top: 0 });
  }, [bins, setSearch]);

  const entries = journal.entries(taskId);
  const countsOf = (lineId: number) => entries.filter((e) => e.lineId === lineId);
  const lineCounted = (l: SheetLine) => countsOf(l.lineId).length > 0 || (l.status !== 'assigned' && l.status !== 'planned');
  const binDone = (b: Bin) => b.lines.every(lineCounted);
  const uncounted = bins.flatMap((b) => b.lines.filter((l) => !lineCounted(l)));

  // ---- recording

  const record = async (target: { line: SheetLine } | { item: ItemCodes; location: string }, v: CountValues | 'empty') => {
    const clientKey = crypto.randomUUID();
    const body: ObservationBody = { taskId, clientKey, device: deviceName(), observedAt: new Date().toISOString() };
    if ('line' in target) body.lineId = target.line.lineId;
    else {
      body.item = target.item.sku;
      body.location = target.location;
    }
    if (v === 'empty') body.binEmpty = true;
    else {
      body.qty = v.qty;
      if (v.unit) body.unit = v.unit;
      if (v.lot) body.lot = v.lot;
      if (v.lotExpiry) body.lotExpiry = v.lotExpiry;
      if (v.note.trim()) body.note = v.note.trim();
      if (v.secondCounter.trim()) body.secondCounterUserId = Number(v.secondCounter.trim());
    }
    const sku = 'line' in target ? target.line.sku : target.item.sku;
    const location = 'line' in target ? target.line.location : target.location;
    // the outbox first: it is what reaches the server; the journal only shows the line as counted
    await outbox.add(group, body, clientKey);
    await journal.add(taskId, { clientKey, lineId: 'line' in target ? target.line.lineId : null, sku, location, qty: body.qty ?? null, unit: body.unit ?? null, lot: body.lot ?? null, binEmpty: !!body.binEmpty, at: body.observedAt });
    return { sku, text: v === 'empty' ? 'bin empty' : `${fmtQty(v.qty)} ${v.unit}` };
  };

  const saveSheet = async (v: CountValues) => {
    if (!sheet || !bin) return;
    if (sheet.kind === 'line') {
      const r = await record({ line: sheet.line }, v);
      setMessage({ color: 'green', text: `Saved: ${r.text} of ${r.sku}.` });
    } else if (sheet.item) {
      const r = await record({ item: sheet.item, location: bin.location }, v);
      setMessage({ color: 'green', text: `Saved: ${r.text} of ${r.sku}, found in ${bin.location} (not on the list).` });
    }
    setSheet(null);
  };

  const markBinEmpty = async () => {
    if (!bin) return;
    const todo = bin.lines.filter((l) => !lineCounted(l));
    for (const l of todo) await record({ line: l }, 'empty');
    setConfirmEmpty(false);
    setMessage({ color: 'green', text: `Bin ${bin.location} reported empty (${todo.length} ${todo.length === 1 ? 'line' : 'lines'}).` });
  };

  // ---- scanning

  const onScan = useCallback(async (text: string) => {
    if (!data || !bin) return;
    const scan = classifyScan(text);
    const action = matchScan(scan, { bin: bin.location, lines: data.sheet.lines, items: data.items });
    switch (action.kind) {
      case 'line':
        setMessage(null);
        setSheet({ kind: 'line', line: action.line, prefill: action.prefill, hint: action.hint });
        return;
      case 'bin': {
        const i = bins.findIndex((b) => b.location === action.location);
        goBin(i);
        setMessage({ color: 'gray', text: `Bin ${action.location}.` });
        return;
      }
      case 'unexpected':
        setSheet({ kind: 'unexpected', item: action.item, prefill: action.prefill, hint: action.hint, search: '' });
        return;
      case 'unknown-gtin': {
        let item: ItemCodes | null = null;
        if (navigator.onLine) item = await findItemByGtin(action.gtin, normalizeGtin).catch(() => null);
        setSheet({
          kind: 'unexpected',
          item,
          prefill: action.prefill,
          hint: item ? `${item.sku} (GTIN ${action.gtin}) is not on this task's list.` : `No item of this task has GTIN ${action.gtin}${navigator.onLine ? ', and the item search did not find it' : ''}: find the item by its SKU.`,
          search: '',
        });
        return;
      }
      case 'unknown':
        setMessage({ color: 'yellow', text: `"${action.text}" is neither a bin nor an item of this task.`, action: { label: 'Look for it in the items', run: () => setSheet({ kind: 'unexpected', item: null, prefill: {}, search: action.text }) } });
        return;
      case 'error':
        setMessage({ color: 'red', text: action.message });
        return;
    }
  }, [data, bin, bins, goBin]);

  const taskOpen = data ? data.sheet.status === 'open' || data.sheet.status === 'in_progress' : false;
  useWedgeScanner((t) => void onScan(t), taskOpen && sheet === null && !confirmEmpty && !binList && !submitting);

  // ---- rejected counts

  const discard = async (e: OutboxEntry<ObservationBody>) => {
    await outbox.discard(e.key);
    await journal.remove(taskId, e.key);
  };
  const countAgain = async (e: OutboxEntry<ObservationBody>) => {
    const line = data?.sheet.lines.find((l) => l.lineId === e.body.lineId);
    await discard(e);
    const prefill: Prefill = { ...(e.body.qty ? { qty: e.body.qty } : {}), ...(e.body.unit ? { unit: e.body.unit } : {}), ...(e.body.lot ? { lot: e.body.lot } : {}), ...(e.body.lotExpiry ? { lotExpiry: e.body.lotExpiry } : {}) };
    if (line) {
      goBin(bins.findIndex((b) => b.location === line.location));
      setSheet({ kind: 'line', line, prefill });
    } else if (e.body.item) setSheet({ kind: 'unexpected', item: data?.items[e.body.item] ?? null, prefill, search: e.body.item });
  };

  // ---- rendering

  if (!Number.isInteger(taskId) || taskId <= 0) return <Alert color="red" m="md">No such task.</Alert>;
  if (q.isLoading || !data) {
    return (
      <Box mih="100dvh">
        <CountHeader title={`Task ${taskId}`} back="/count" />
        {q.error ? (
          <Alert color="red" m="md" role="alert" icon={<IconAlertTriangle aria-hidden />} title="The task could not be loaded">
            {isNetworkError(q.error) ? 'The server cannot be reached and this task is not saved on this phone. Open it once while online.' : q.error instanceof ApiError ? q.error.problem.detail : String(q.error)}
          </Alert>
        ) : (
          <Group justify="center" py="xl">
            <Loader aria-label="Loading" />
          </Group>
        )}
      </Box>
    );
  }

  const { sheet: task } = data;
  const closed = task.status !== 'open' && task.status !== 'in_progress';
  const unexpectedHere = bin ? entries.filter((e) => e.lineId === null && e.location === bin.location) : [];
  const last = binIndex === bins.length - 1;

  return (
    <Box mih="100dvh" bg="gray.0" pb={96}>
      <CountHeader title={`Task ${task.taskId}${task.zone ? ` · ${task.zone}` : ''}`} back="/count" />
      <Stack p="sm" gap="sm" component="main" aria-label={`Task ${task.taskId}`}>
        {q.data?.fromCache ? (
          <Alert color="gray" icon={<IconCloudOff aria-hidden />} p="xs">
            Offline: the task as saved on this phone at {dateTime(q.data.savedAt)}. Counts are kept here and sent when the network is back.
          </Alert>
        ) : !online ? (
          <Alert color="gray" icon={<IconCloudOff aria-hidden />} p="xs">
            Offline: counts are kept on this phone and sent when the network is back.
          </Alert>
        ) : null}
        {closed ? (
          <Alert color="yellow" title={`This task is ${task.status.replace(/_/g, ' ')}`}>
            It takes no more counts.
          </Alert>
        ) : null}
        {box.blocked ? (
          <Alert color="red" role="alert" icon={<IconAlertTriangle aria-hidden />} title="Counts are not being sent">
            {box.lastError}
          </Alert>
        ) : null}
        {rejectedHere.length ? (
          <Alert color="red" role="alert" icon={<IconAlertTriangle aria-hidden />} title={`${rejectedHere.length} ${rejectedHere.length === 1 ? 'count was' : 'counts were'} refused by the server`}>
            <Stack gap="xs">
              {rejectedHere.map((e) => {
                const line = task.lines.find((l) => l.lineId === e.body.lineId);
                return (
                  <Card key={e.key} withBorder padding="xs" data-testid="rejected-count">
                    <Text size="sm" fw={600}>
                      {line ? `${line.sku} in ${line.location}` : `${e.body.item ?? '?'} in ${e.body.location ?? '?'}`}: {e.body.binEmpty ? 'bin empty' : `${e.body.qty ?? ''} ${e.body.unit ?? ''}`}
                    </Text>
                    <Text size="sm">{e.rejection?.detail}</Text>
                    <Group gap="xs" mt={4} grow>
                      <Button size="md" h={48} variant="default" onClick={() => void countAgain(e)}>
                        Recount
                      </Button>
                      <Button size="md" h={48} color="red" variant="light" onClick={() => void discard(e)}>
                        Discard
                      </Button>
                    </Group>
                  </Card>
                );
              })}
            </Stack>
          </Alert>
        ) : null}

        {bin ? (
          <>
            <UnstyledButton onClick={() => setBinList(true)} aria-label={`Bin ${bin.location}, ${binIndex + 1} of ${bins.length}: show all bins`} style={{ borderRadius: 8 }}>
              <Card withBorder padding="sm" mih={56} bg={binDone(bin) ? 'green.0' : 'white'}>
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={0}>
                    <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                      Bin {binIndex + 1} of {bins.length}
                    </Text>
                    <Title order={2} fz={26} ff="monospace" data-testid="bin-code">
                      {bin.location}
                    </Title>
                  </Stack>
                  {binDone(bin) ? <IconCheck size={30} color="var(--mantine-color-green-8)" aria-label="All lines of this bin counted" /> : <IconListDetails size={28} aria-hidden />}
                </Group>
              </Card>
            </UnstyledButton>

            {task.blind ? (
              <Text size="sm" c="dimmed">
                Blind count: count what you find; the book quantity is not shown.
              </Text>
            ) : null}

            {!closed ? <ScanField onScan={(t) => void onScan(t)} /> : null}

            {message ? (
              <Alert color={message.color} role={message.color === 'red' || message.color === 'yellow' ? 'alert' : 'status'} p="sm" data-testid="scan-message">
                <Stack gap="xs">
                  <Text size="sm">{message.text}</Text>
                  {message.action ? (
                    <Button size="md" h={48} variant="default" onClick={message.action.run}>
                      {message.action.label}
                    </Button>
                  ) : null}
                </Stack>
              </Alert>
            ) : null}

            <Stack gap="xs" role="list" aria-label={`Lines of bin ${bin.location}`}>
              {bin.lines.map((l) => {
                const mine = countsOf(l.lineId);
                const waiting = pendingHere.some((e) => e.body.lineId === l.lineId);
                const counted = lineCounted(l);
                return (
                  <UnstyledButton
                    key={l.lineId}
                    role="listitem"
                    disabled={closed}
                    onClick={() => setSheet({ kind: 'line', line: l, prefill: {} })}
                    aria-label={`Count ${l.sku}, ${l.description}${l.lot ? `, lot ${l.lot}` : ''}: ${counted ? 'counted' : 'not counted yet'}`}
                    style={{ borderRadius: 8 }}
                    data-testid={`line-${l.sku}`}
                  >
                    <Card withBorder padding="sm" mih={72} style={{ borderLeft: `6px solid var(--mantine-color-${counted ? 'green' : 'gray'}-6)` }}>
                      <Group justify="space-between" wrap="nowrap" align="flex-start">
                        <Stack gap={2} style={{ minWidth: 0 }}>
                          <Text fw={700} ff="monospace" size="lg">
                            {l.sku}
                          </Text>
                          <Text size="sm" lineClamp={2}>
                            {l.description}
                          </Text>
                          <Group gap={6}>
                            <Text size="xs" c="dimmed">
                              in {l.uom}
                              {l.units.length ? ` · also ${l.units.map((u) => u.uom).join(', ')}` : ''}
                            </Text>
                            {l.lot ? <Badge variant="light" size="sm">lot {l.lot}</Badge> : l.lotTracked ? <Badge variant="light" size="sm" color="gray">lot-tracked</Badge> : null}
                            {l.serialTracked ? <Badge variant="light" size="sm" color="gray">serials</Badge> : null}
                            {l.unexpected ? <Badge variant="light" size="sm" color="yellow">found, not listed</Badge> : null}
                          </Group>
                          {!task.blind && l.systemQty !== undefined ? (
                            <Text size="xs" c="dimmed">
                              Book: {fmtQty(l.systemQty, l.uom)}
                            </Text>
                          ) : null}
                          {l.lastReceipt || l.lastShipment ? (
                            <Text size="xs" c="dimmed">
                              {l.lastReceipt ? `Last receipt ${fmtDate(l.lastReceipt.at)}${l.lastReceipt.qty !== undefined ? ` (${fmtQty(l.lastReceipt.qty, l.uom)})` : ''}` : ''}
                              {l.lastReceipt && l.lastShipment ? ' · ' : ''}
                              {l.lastShipment ? `last shipment ${fmtDate(l.lastShipment.at)}${l.lastShipment.qty !== undefined ? ` (${fmtQty(l.lastShipment.qty, l.uom)})` : ''}` : ''}
                            </Text>
                          ) : null}
                          {mine.length ? (
                            <Text size="sm" fw={600} c="green.9" data-testid="my-counts">
                              Counted here: {mine.map(describeCount).join(' + ')}
                              {waiting ? ' · waiting to be sent' : ''}
                            </Text>
                          ) : l.countedQty !== null ? (
                            <Text size="sm" fw={600} c="green.9">
                              Counted: {fmtQty(l.countedQty, l.uom)}
                            </Text>
                          ) : (
                            <Text size="sm" c="dimmed">
                              Not counted yet
                            </Text>
                          )}
                        </Stack>
                        {counted ? <IconCheck size={28} color="var(--mantine-color-green-8)" aria-hidden /> : <IconBox size={28} aria-hidden />}
                      </Group>
                    </Card>
                  </UnstyledButton>
                );
              })}
              {unexpectedHere.map((e) => (
                <Card key={e.clientKey} withBorder padding="sm" role="listitem" style={{ borderLeft: '6px solid var(--mantine-color-yellow-6)' }}>
                  <Text fw={700} ff="monospace">
                    {e.sku}
                  </Text>
                  <Text size="sm">Found here, not on the list: {describeCount(e)}</Text>
                </Card>
              ))}
            </Stack>

            {!closed ? (
              <Group grow gap="xs">
                <Button size="md" h={56} variant="outline" color="red" leftSection={<IconPackageOff aria-hidden />} onClick={() => setConfirmEmpty(true)} disabled={binDone(bin)}>
                  Bin empty
                </Button>
                <Button size="md" h={56} variant="outline" leftSection={<IconPlus aria-hidden />} onClick={() => setSheet({ kind: 'unexpected', item: null, prefill: {}, search: '' })}>
                  Not on list
                </Button>
              </Group>
            ) : null}
          </>
        ) : (
          <Card withBorder padding="lg">
            <Text>This task has no lines.</Text>
          </Card>
        )}
      </Stack>

      {/* the thumb's row */}
      <Box component="nav" aria-label="Bins" pos="fixed" bottom={0} left={0} right={0} bg="white" p="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)', zIndex: 100 }}>
        <Group gap="xs" wrap="nowrap">
          <Button size="lg" h={60} w="36%" variant="default" onClick={() => goBin(binIndex - 1)} disabled={binIndex === 0} leftSection={<IconArrowLeft aria-hidden />} aria-label="Previous bin">
            Back
          </Button>
          {last ? (
            <Button size="lg" h={60} style={{ flex: 1 }} onClick={() => setSubmitting(true)} disabled={closed} leftSection={<IconSend aria-hidden />}>
              Submit task
            </Button>
          ) : (
            <Button size="lg" h={60} style={{ flex: 1 }} onClick={() => goBin(binIndex + 1)} rightSection={<IconArrowRight aria-hidden />} aria-label="Next bin">
              Next bin
            </Button>
          )}
        </Group>
      </Box>

      <Drawer
        opened={sheet !== null}
        onClose={() => setSheet(null)}
        position="bottom"
        size="auto"
        title={shown?.kind === 'line' ? `${shown.line.sku} in ${shown.line.location}` : `Item not on the list · ${bin?.location ?? ''}`}
        closeButtonProps={{ 'aria-label': 'Close', size: 48 } as never}
        styles={{ content: { maxHeight: '92dvh', borderTopLeftRadius: 16, borderTopRightRadius: 16 }, title: { fontWeight: 700, fontSize: 18 } }}
      >
        {sheet?.kind === 'line' ? (
          <Stack gap="xs">
            <Text size="sm">{sheet.line.description}</Text>
            <CountForm
              key={`${sheet.line.lineId}:${JSON.stringify(sheet.prefill)}`}
              subject={subjectOfLine(sheet.line, data.items[sheet.line.sku])}
              prefill={sheet.prefill}
              hint={sheet.hint}
              onSave={(v) => void saveSheet(v)}
            />
          </Stack>
        ) : sheet?.kind === 'unexpected' ? (
          <UnexpectedItem sheet={sheet} onPick={(item) => setSheet({ ...sheet, item })} onSave={(v) => void saveSheet(v)} />
        ) : null}
      </Drawer>

      <Modal opened={confirmEmpty} onClose={() => setConfirmEmpty(false)} title={`Is bin ${bin?.location ?? ''} empty?`} centered closeButtonProps={{ 'aria-label': 'Close', size: 48 } as never}>
        <Stack>
          <Text>
            Every line of this bin not counted yet ({bin ? bin.lines.filter((l) => !lineCounted(l)).length : 0}) is recorded as found empty.
          </Text>
          <Button size="lg" h={56} color="red" onClick={() => void markBinEmpty()}>
            Yes, the bin is empty
          </Button>
          <Button size="lg" h={56} variant="default" onClick={() => setConfirmEmpty(false)}>
            No, go back
          </Button>
        </Stack>
      </Modal>

      <Drawer opened={binList} onClose={() => setBinList(false)} position="bottom" size="auto" title="Bins in walk order" closeButtonProps={{ 'aria-label': 'Close', size: 48 } as never} styles={{ content: { maxHeight: '80dvh' } }}>
        <Stack gap={6}>
          {bins.map((b, i) => (
            <Button
              key={b.location}
              size="lg"
              h={56}
              variant={i === binIndex ? 'filled' : 'default'}
              justify="space-between"
              rightSection={binDone(b) ? <IconCheck aria-label="counted" /> : <Text size="sm">{b.lines.filter((l) => !lineCounted(l)).length} to count</Text>}
              onClick={() => {
                goBin(i);
                setBinList(false);
              }}
            >
              {b.location}
            </Button>
          ))}
        </Stack>
      </Drawer>

      {submitting ? (
        <SubmitDialog
          taskId={taskId}
          uncounted={uncounted}
          pending={pendingHere.length}
          rejected={rejectedHere.length}
          onGoTo={(l) => {
            setSubmitting(false);
            goBin(bins.findIndex((b) => b.location === l.location));
          }}
          onClose={() => setSubmitting(false)}
          onDone={async (lines) => {
            setSubmitting(false);
            await journal.clear(taskId);
            await qc.invalidateQueries({ queryKey: ['counting-mobile', owner] });
            notifications.show({ color: 'green', title: `Task ${taskId} submitted`, message: `${lines} ${lines === 1 ? 'line' : 'lines'} counted. Thank you.` });
            navigate('/count');
          }}
        />
      ) : null}
    </Box>
  );
}

function subjectOfLine(l: SheetLine, item: ItemCodes | undefined): CountSubject {
  return { sku: l.sku, description: l.description, baseUom: l.uom, units: l.units.length ? l.units : (item?.units ?? []), lotTracked: l.lotTracked, serialTracked: l.serialTracked, expectedLot: l.lot };
}

function subjectOfItem(i: ItemCodes): CountSubject {
  return { sku: i.sku, description: i.description, baseUom: i.baseUom, units: i.units.map((u) => ({ uom: u.uom, factor: u.factor })), lotTracked: i.lotTracked, serialTracked: i.serialTracked, expectedLot: null };
}

/** "Item not on the list": find the item (search online; offline, type its SKU), then count it. */
function UnexpectedItem({ sheet, onPick, onSave }: { sheet: Extract<Sheet, { kind: 'unexpected' }>; onPick: (i: ItemCodes | null) => void; onSave: (v: CountValues) => void }) {
  const online = useOnline();
  const [text, setText] = useState(sheet.search);
  const [term, setTerm] = useState(sheet.search);
  const results = useQuery({ queryKey: ['counting-mobile', 'item-search', term], queryFn: () => searchItems(term), enabled: online && term.trim().length >= 2 && !sheet.item, staleTime: 60_000 });
  if (sheet.item) {
    return (
      <Stack gap="xs">
        {sheet.hint ? (
          <Alert color="yellow" p="xs">
            {sheet.hint}
          </Alert>
        ) : null}
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Text fw={700} ff="monospace">
              {sheet.item.sku}
            </Text>
            <Text size="sm">{sheet.item.description}</Text>
          </Stack>
          <Button variant="subtle" h={48} onClick={() => onPick(null)}>
            Change
          </Button>
        </Group>
        <CountForm key={sheet.item.sku} subject={subjectOfItem(sheet.item)} prefill={sheet.prefill} onSave={onSave} submitLabel="Save found item" />
      </Stack>
    );
  }
  const typed = text.trim();
  return (
    <Stack gap="sm">
      {sheet.hint ? (
        <Alert color="yellow" p="xs">
          {sheet.hint}
        </Alert>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setTerm(text.trim());
        }}
      >
        <TextInput label={online ? 'Find the item (SKU or description)' : 'SKU of the item (offline: the server checks it later)'} size="lg" value={text} onChange={(e) => setText(e.currentTarget.value)} autoComplete="off" autoCapitalize="characters" data-autofocus enterKeyHint="search" />
      </form>
      {online ? (
        <Button size="lg" h={52} variant="default" onClick={() => setTerm(text.trim())} disabled={typed.length < 2}>
          Search
        </Button>
      ) : null}
      {results.isFetching ? <Loader aria-label="Searching" size="sm" /> : null}
      {results.data?.map((i) => (
        <Button key={i.sku} size="lg" h={56} variant="light" justify="flex-start" onClick={() => onPick(i)} styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}>
          {i.sku} · {i.description}
        </Button>
      ))}
      {results.data && results.data.length === 0 ? <Text size="sm">No item matches "{term}".</Text> : null}
      {!online && typed ? (
        <Button size="lg" h={56} onClick={() => onPick({ sku: typed, description: 'checked by the server when the count is sent', baseUom: '', gtin: null, internalBarcode: null, lotTracked: false, serialTracked: false, units: [] })}>
          Count {typed}
        </Button>
      ) : null}
    </Stack>
  );
}

/** Submitting: the queue of this task is sent first, then the task; what stops it is said plainly. */
function SubmitDialog({ taskId, uncounted, pending, rejected, onGoTo, onClose, onDone }: {
  taskId: number;
  uncounted: SheetLine[];
  pending: number;
  rejected: number;
  onGoTo: (l: SheetLine) => void;
  onClose: () => void;
  onDone: (lines: number) => Promise<void>;
}) {
  const { outbox } = useDevice();
  const online = useOnline();
  const [phase, setPhase] = useState<'confirm' | 'sending' | 'submitting' | 'error'>('confirm');
  const [error, setError] = useState<string | null>(null);

  const go = async () => {
    setError(null);
    setPhase('sending');
    const drained = await outbox.drain(String(taskId));
    const state = outbox.getSnapshot();
    if (drained === 'stuck') {
      setPhase('error');
      setError(`The counts could not all be sent yet (${state.lastError ?? 'no network'}). They are safe on this phone; submit again when the network is back.`);
      return;
    }
    if (state.rejected.some((e) => e.group === String(taskId))) {
      setPhase('error');
      setError('The server refused some counts: count them again or discard them, then submit.');
      return;
    }
    setPhase('submitting');
    try {
      const r = await submitTask(taskId);
      await onDone(r.submittedLines);
    } catch (e) {
      setPhase('error');
      setError(isNetworkError(e) ? 'The server cannot be reached. Your counts are sent; submit again when the network is back.' : e instanceof ApiError ? e.problem.detail : String(e));
    }
  };

  const blocked = uncounted.length > 0 || rejected > 0;
  return (
    <Modal opened onClose={onClose} title={`Submit task ${taskId}?`} centered closeButtonProps={{ 'aria-label': 'Close', size: 48 } as never}>
      <Stack>
        {uncounted.length ? (
          <Alert color="yellow" title={`${uncounted.length} ${uncounted.length === 1 ? 'line is' : 'lines are'} not counted`}>
            <Stack gap={6}>
              <Text size="sm">Count them, or report their bin empty.</Text>
              {uncounted.slice(0, 6).map((l) => (
                <Button key={l.lineId} size="md" h={48} variant="default" justify="space-between" onClick={() => onGoTo(l)} rightSection={<IconArrowRight size={16} aria-hidden />}>
                  {l.sku} in {l.location}
                </Button>
              ))}
            </Stack>
          </Alert>
        ) : null}
        {rejected ? <Alert color="red">The server refused {rejected} of your counts: count them again or discard them first.</Alert> : null}
        {!blocked ? (
          <Text>
            {pending ? `${pending} ${pending === 1 ? 'count waits' : 'counts wait'} on this phone; they are sent first. ` : 'All your counts are sent. '}
            After submitting, the task takes no more counts.
          </Text>
        ) : null}
        {!online && !blocked ? <Alert color="gray" icon={<IconCloudOff aria-hidden />}>Submitting needs the network. Your counts are safe on this phone.</Alert> : null}
        {error ? (
          <Alert color="red" role="alert" icon={<IconAlertTriangle aria-hidden />}>
            {error}
          </Alert>
        ) : null}
        <Button size="lg" h={56} onClick={() => void go()} disabled={blocked || !online} loading={phase === 'sending' || phase === 'submitting'} leftSection={<IconSend aria-hidden />}>
          {phase === 'sending' ? 'Sending counts…' : 'Submit task'}
        </Button>
        <Button size="lg" h={56} variant="default" onClick={onClose}>
          Not yet
        </Button>
      </Stack>
    </Modal>
  );
}
