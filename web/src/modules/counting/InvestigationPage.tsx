// The investigation form: the evidence gathered when the investigation was opened (movements since the
// last count, previous counts, receipts and shipments since the count, recounts), the causes explored
// (reason codes), evidence text and attachments, corrective actions with owner and due date, "found in
// another bin" (the correction becomes a transfer), the conclusion; save, and complete (which proposes
// the correction for approval).

import { ActionIcon, Alert, Anchor, Badge, Button, Checkbox, FileInput, Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPaperclip, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, buildUrl, call } from '../../shared/api/client';
import type { Location, Page } from '../../shared/api/types';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { date, dateTime, MOVEMENT_TYPE_LABELS, qty } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { CAUSE_CODES, CAUSE_LABELS, personName, statusLabel, type Investigation, type InvestigationNote } from './model';
import { errorText, Labelled, StatusBadge, useCounterNames, VarianceQty } from './ui';

interface ActionRow {
  key: number;
  what: string;
  owner: string;
  due: string;
}
let actionSeq = 0;

export default function InvestigationPage() {
  const id = Number(useParams().id);
  const session = useSession();
  const qc = useQueryClient();
  const names = useCounterNames();
  const q = useQuery({ queryKey: ['counting', 'investigation', id], queryFn: ({ signal }) => call<Investigation>('getInvestigation', { params: { id }, signal }) });
  const inv = q.data;
  const editable = session.can('counting.investigate') && inv?.status === 'open';

  const [causes, setCauses] = useState<string[]>([]);
  const [evidenceText, setEvidenceText] = useState('');
  const [actions, setActions] = useState<ActionRow[]>([]);
  const [conclusion, setConclusion] = useState('');
  const [foundElsewhere, setFoundElsewhere] = useState(false);
  const [foundLocation, setFoundLocation] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'complete' | null>(null);
  const [completed, setCompleted] = useState<number | null>(null);

  // The form starts from the saved note once per investigation and state; a refetch (after an upload)
  // does not overwrite what is being typed.
  const loadedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!inv || loadedFor.current === `${inv.id}:${inv.status}`) return;
    loadedFor.current = `${inv.id}:${inv.status}`;
    setCauses(inv.causes);
    setEvidenceText(inv.evidenceText ?? '');
    setActions(inv.correctiveActions.map((a) => ({ key: ++actionSeq, what: a.what, owner: a.owner, due: a.due ?? '' })));
    setConclusion(inv.conclusion ?? '');
    setFoundElsewhere(inv.foundLocation !== null);
    setFoundLocation(inv.foundLocation);
  }, [inv]);

  const bins = useQuery({
    queryKey: ['locations', 'bins', inv?.site],
    queryFn: ({ signal }) => call<Page<Location>>('listLocations', { query: { kind: 'bin', site: inv!.site, active: true, limit: 500 }, signal }),
    enabled: !!inv && editable && session.can('catalog.read'),
    staleTime: 5 * 60_000,
  });
  const binOptions = useMemo(() => (bins.data?.items ?? []).filter((b) => b.code !== inv?.location).map((b) => ({ value: b.code, label: `${b.code} · ${b.name}` })), [bins.data, inv?.location]);

  const body = (): InvestigationNote => ({
    causes,
    evidenceText,
    correctiveActions: actions.filter((a) => a.what.trim() || a.owner.trim()).map((a) => ({ what: a.what.trim(), owner: a.owner.trim(), ...(a.due ? { due: a.due } : {}) })),
    conclusion,
    ...(foundElsewhere && foundLocation ? { foundLocation } : {}),
  });

  const send = async (kind: 'save' | 'complete') => {
    setBusy(kind);
    setErrors({});
    setFormError(null);
    if (kind === 'complete') {
      const local: Record<string, string> = {};
      if (!causes.length) local.causes = 'Name at least one cause explored';
      if (!conclusion.trim()) local.conclusion = 'Write the conclusion';
      if (foundElsewhere && !foundLocation) local.foundLocation = 'Choose the bin where the stock was found';
      if (Object.keys(local).length) {
        setErrors(local);
        setBusy(null);
        requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        return;
      }
    }
    try {
      if (kind === 'save') {
        await call<Investigation>('saveInvestigationNote', { params: { id }, body: body() });
        notifications.show({ color: 'teal', title: 'Note saved', message: `Investigation ${id}` });
      } else {
        const r = await call<{ investigation: Investigation; correctionId: number }>('completeInvestigation', { params: { id }, body: body() });
        setCompleted(r.correctionId);
        notifications.show({ color: 'teal', title: 'Investigation completed', message: `Correction ${r.correctionId} proposed for approval` });
      }
      await qc.invalidateQueries({ queryKey: ['counting'] });
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors.length) {
        const f: Record<string, string> = {};
        const other: string[] = [];
        for (const err of e.problem.errors) {
          const key = err.field.replace(/^\//, '').split('/')[0] ?? '';
          if (['causes', 'conclusion', 'foundLocation', 'evidenceText', 'correctiveActions'].includes(key)) f[key] = err.reason;
          else other.push(err.reason);
        }
        setErrors(f);
        setFormError(other.join('; ') || null);
      } else setFormError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  if (!Number.isInteger(id) || id < 1) return <Alert color="red">No such investigation.</Alert>;
  return (
    <>
      <PageHeader
        title={`Investigation ${id}`}
        description={inv ? `${inv.sku} at ${inv.location} (${inv.site})` : undefined}
        actions={<Anchor component={Link} to="/counting/investigations" size="sm">All investigations</Anchor>}
      />
      <QueryState isLoading={q.isLoading} error={q.error} />
      {inv ? (
        <Stack>
          <Paper withBorder p="md">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              <Labelled label="Status"><StatusBadge status={inv.status} /></Labelled>
              <Labelled label="Count line"><Anchor component={Link} to={`/counting/lines/${inv.countLineId}`}>{inv.countLineId}</Anchor></Labelled>
              <Labelled label="Quantity discrepancy"><VarianceQty shortageQty={inv.shortageQty} /></Labelled>
              <Labelled label="Investigator">{personName(inv.investigatorUserId ?? inv.assignedTo, names)}</Labelled>
              <Labelled label="Opened">{dateTime(inv.createdAt)}</Labelled>
              {inv.completedAt ? <Labelled label="Completed">{dateTime(inv.completedAt)}</Labelled> : null}
            </SimpleGrid>
          </Paper>

          <Evidence inv={inv} />

          {completed !== null ? (
            <Alert color="teal" title="Investigation completed" role="status">
              Correction {completed} is proposed and waits for approval. <Anchor component={Link} to="/counting/approvals">Approval queue</Anchor>
            </Alert>
          ) : null}

          <Paper withBorder p="md" component="form" aria-label="Investigation note" onSubmit={(e: React.FormEvent) => { e.preventDefault(); void send('save'); }}>
            <Title order={2} fz="h4" mb="sm">
              Investigation note
            </Title>
            {!editable ? <Text size="sm" c="dimmed" mb="sm">{inv.status === 'open' ? 'Read only: writing the note needs the investigate permission.' : 'This investigation is completed.'}</Text> : null}
            <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
              <Stack gap="md">
                <Checkbox.Group label="Causes explored" description="Reason codes" value={causes} onChange={setCauses} error={errors.causes}>
                  <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} mt={6} spacing={6}>
                    {CAUSE_CODES.map((c) => <Checkbox key={c} value={c} label={CAUSE_LABELS[c]} />)}
                  </SimpleGrid>
                </Checkbox.Group>
                <Textarea label="Evidence" description="What was checked and found" autosize minRows={3} value={evidenceText} onChange={(e) => setEvidenceText(e.currentTarget.value)} error={errors.evidenceText} />
                <div>
                  <Text size="sm" fw={500} mb={4} id="actions-label">Corrective actions</Text>
                  <Stack gap="xs" role="group" aria-labelledby="actions-label">
                    {actions.map((a, i) => (
                      <Group key={a.key} align="flex-end" wrap="nowrap">
                        <TextInput label={`Action ${i + 1}: what`} value={a.what} onChange={(e) => { const v = e.currentTarget.value; setActions((xs) => xs.map((x) => (x.key === a.key ? { ...x, what: v } : x))); }} style={{ flex: 3 }} />
                        <TextInput label={`Action ${i + 1}: owner`} value={a.owner} onChange={(e) => { const v = e.currentTarget.value; setActions((xs) => xs.map((x) => (x.key === a.key ? { ...x, owner: v } : x))); }} style={{ flex: 1 }} />
                        <TextInput type="date" label={`Action ${i + 1}: due`} value={a.due} onChange={(e) => { const v = e.currentTarget.value; setActions((xs) => xs.map((x) => (x.key === a.key ? { ...x, due: v } : x))); }} style={{ flex: 1 }} />
                        <ActionIcon variant="default" size="lg" mb={2} aria-label={`Remove action ${i + 1}`} onClick={() => setActions((xs) => xs.filter((x) => x.key !== a.key))}>
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    ))}
                    {errors.correctiveActions ? <Text c="red.8" size="sm">{errors.correctiveActions}</Text> : null}
                    <Group>
                      <Button variant="default" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setActions((xs) => [...xs, { key: ++actionSeq, what: '', owner: '', due: '' }])}>
                        Add corrective action
                      </Button>
                    </Group>
                  </Stack>
                </div>
                <Group align="flex-end">
                  <Switch label="Stock found in another bin (resolve by a transfer instead of a write-off and a write-on)" checked={foundElsewhere} onChange={(e) => setFoundElsewhere(e.currentTarget.checked)} />
                  {foundElsewhere ? (
                    <Select label="Found in bin" searchable data={binOptions} value={foundLocation} onChange={setFoundLocation} error={errors.foundLocation} w={280} nothingFoundMessage="No bin" />
                  ) : null}
                </Group>
                <Textarea label="Conclusion" required autosize minRows={2} value={conclusion} onChange={(e) => setConclusion(e.currentTarget.value)} error={errors.conclusion} />
              </Stack>
            </fieldset>
            {formError ? <Alert color="red" mt="sm" role="alert">{formError}</Alert> : null}
            {editable ? (
              <Group mt="md">
                <Button type="submit" variant="default" loading={busy === 'save'}>Save note</Button>
                <Button onClick={() => void send('complete')} loading={busy === 'complete'}>Complete investigation</Button>
              </Group>
            ) : null}
          </Paper>

          <Attachments inv={inv} editable={editable} />
        </Stack>
      ) : null}
    </>
  );
}

function Evidence({ inv }: { inv: Investigation }) {
  const e = inv.evidence;
  const moveType = (t: string) => MOVEMENT_TYPE_LABELS[t] ?? t;
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">
        Evidence gathered
      </Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <EvidenceTable
          title="Movements since the last count"
          head={['Seq', 'Type', 'Posted', 'Quantity in/out of the bin', 'Lot', 'Document']}
          rows={e.movementsSinceLastCount.map((m) => [m.seq, moveType(m.type), dateTime(m.postedAt), m.qty.startsWith('-') ? `out ${m.qty.slice(1)}` : `in ${m.qty}`, m.lot ?? '—', m.sourceDoc ?? '—'])}
        />
        <EvidenceTable
          title="Previous counts"
          head={['Line', 'Counted', 'System', 'Counted qty', 'Outcome']}
          rows={e.previousCounts.map((p) => [p.lineId, dateTime(p.countedAt), qty(p.systemQty), qty(p.countedQty), statusLabel(p.outcome)])}
        />
        <EvidenceTable
          title="Receipts and shipments since the count"
          head={['Seq', 'Type', 'Posted', 'Quantity in/out of the bin']}
          rows={e.receiptsAndShipmentsSinceCount.map((m) => [m.seq, moveType(m.type), dateTime(m.postedAt), m.qty.startsWith('-') ? `out ${m.qty.slice(1)}` : `in ${m.qty}`])}
        />
        <EvidenceTable
          title="Recounts"
          head={['Line', 'Counted', 'System', 'Recount qty']}
          rows={e.recounts.map((r) => [r.lineId, dateTime(r.countedAt), qty(r.systemQty), qty(r.countedQty)])}
        />
      </SimpleGrid>
    </Paper>
  );
}

function EvidenceTable({ title, head, rows }: { title: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <div>
      <Title order={3} fz="h6" mb={4}>
        {title} <Badge color="gray" autoContrast size="sm">{rows.length}</Badge>
      </Title>
      {rows.length ? (
        <Table aria-label={title} verticalSpacing={2} fz="sm">
          <Table.Thead>
            <Table.Tr>
              {head.map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={i}>
                {r.map((c, j) => <Table.Td key={j} style={{ whiteSpace: 'nowrap' }}>{c}</Table.Td>)}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">None.</Text>
      )}
    </div>
  );
}

function Attachments({ inv, editable }: { inv: Investigation; editable: boolean }) {
  const qc = useQueryClient();
  const session = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      if (file.size > 5 * 1024 * 1024) throw new Error('Attachments are at most 5 MB');
      const dataBase64 = await toBase64(file);
      await call('addInvestigationAttachment', { params: { id: inv.id }, body: { filename: file.name, contentType: file.type || 'application/octet-stream', dataBase64 } });
      setFile(null);
      await qc.invalidateQueries({ queryKey: ['counting', 'investigation', inv.id] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">
        Attachments
      </Title>
      <Stack gap={4} mb="sm">
        {inv.attachments.map((a) => (
          <Group key={a.id} gap={6}>
            <IconPaperclip size={16} aria-hidden />
            <Anchor href={buildUrl('getAttachment', { id: a.id })} download={a.filename}>
              {a.filename}
            </Anchor>
            <Text size="xs" c="dimmed">{a.contentType} · {Math.max(1, Math.round(a.size / 1024))} kB</Text>
          </Group>
        ))}
        {inv.attachments.length === 0 ? <Text size="sm" c="dimmed">No attachments.</Text> : null}
      </Stack>
      {editable || (session.can('counting.investigate') && inv.status === 'open') ? (
        <Group align="flex-end">
          <FileInput label="Attach a photo or document" placeholder="Choose a file" value={file} onChange={setFile} clearable w={320} />
          <Button variant="default" onClick={() => void upload()} loading={busy} disabled={!file}>
            Upload
          </Button>
        </Group>
      ) : null}
      {error ? <Alert color="red" mt="sm" role="alert">{error}</Alert> : null}
      <Text size="xs" c="dimmed" mt="xs">Opened {date(inv.createdAt)}.</Text>
    </Paper>
  );
}

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error ?? new Error('could not read the file'));
    r.readAsDataURL(file);
  });
}
