// The assignment board: assign a day's planned lines (grouped into tasks by zone in walk order, given
// to counters by skill, home zone and balanced workload), the tasks per counter with estimated work
// against capacity, and reassigning one task. Counter profiles are kept here too.

import { Alert, Badge, Button, Group, Modal, NumberInput, Paper, Progress, Select, SimpleGrid, Stack, Switch, Table, Tabs, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError, call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { splitFieldErrors } from '../../shared/forms/field-errors';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { personName, today, type AssignResult, type CounterProfile, type TaskSummary } from './model';
import { DeskSiteSelect, errorText, StatusBadge, useCounterProfiles, useDeskSite } from './ui';

export default function AssignmentPage() {
  const desk = useDeskSite();
  return (
    <>
      <PageHeader title="Assignment board" description="Count tasks per counter: estimated work against capacity" actions={<DeskSiteSelect desk={desk} />} />
      {!desk.site ? <Alert color="yellow">No site to show.</Alert> : (
        <Tabs defaultValue="board" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="board">Board</Tabs.Tab>
            <Tabs.Tab value="counters">Counter profiles</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="board">
            <Board site={desk.site} />
          </Tabs.Panel>
          <Tabs.Panel value="counters">
            <CounterProfiles />
          </Tabs.Panel>
        </Tabs>
      )}
    </>
  );
}

function Board({ site }: { site: string }) {
  const qc = useQueryClient();
  const session = useSession();
  const [day, setDay] = useState(today());
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AssignResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const counters = useCounterProfiles();
  const profiles = counters.data?.items ?? [];
  const names = useMemo(() => new Map(profiles.map((c) => [c.userId, c.displayName])), [profiles]);
  const tasks = useQuery({
    queryKey: ['counting', 'tasks', site, day],
    queryFn: async ({ signal }) => {
      // the day's tasks and every task still open (recounts, ad-hoc counts of other days)
      const [ofDay, open, inProgress] = await Promise.all([
        call<Page<TaskSummary>>('listCountTasks', { query: { site, date: day, limit: 500 }, signal }),
        call<Page<TaskSummary>>('listCountTasks', { query: { site, status: 'open', limit: 500 }, signal }),
        call<Page<TaskSummary>>('listCountTasks', { query: { site, status: 'in_progress', limit: 500 }, signal }),
      ]);
      const m = new Map<number, TaskSummary>();
      for (const t of [...ofDay.items, ...open.items, ...inProgress.items]) m.set(t.taskId, t);
      return [...m.values()].sort((a, b) => a.taskId - b.taskId);
    },
  });

  const assignDay = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call<AssignResult>('assignCountDay', { body: { site, date: day } });
      setResult(r);
      notifications.show({ color: 'teal', title: `Day ${day} assigned`, message: `${r.tasks.length} assigned, ${r.unassigned.length} left unassigned` });
      await qc.invalidateQueries({ queryKey: ['counting'] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const all = tasks.data ?? [];
  const columns = [...profiles.filter((p) => p.active).map((p) => p.userId), ...new Set(all.map((t) => t.counterUserId).filter((u): u is number => u !== null && !profiles.some((p) => p.userId === u)))];
  const unassigned = all.filter((t) => t.counterUserId === null && (t.status === 'open' || t.status === 'in_progress'));
  return (
    <Stack>
      <Paper withBorder p="md">
        <Group align="flex-end">
          <TextInput type="date" label="Day" value={day} onChange={(e) => setDay(e.currentTarget.value || today())} />
          {session.can('counting.assign') ? (
            <Button onClick={() => void assignDay()} loading={busy}>
              Assign this day
            </Button>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed" mt={4}>
          Takes the planned lines of this day (and earlier days not yet assigned), groups them into tasks by zone in walk order and gives them to counters: critical items first, by skill, home zone and balanced workload.
        </Text>
        {error ? <Alert color="red" mt="sm" role="alert">{error}</Alert> : null}
        {result ? (
          <Alert color="teal" mt="sm" title={`${result.tasks.length} task${result.tasks.length === 1 ? '' : 's'} assigned`}>
            {result.unassigned.length ? `${result.unassigned.length} tasks could not be assigned: ${[...new Set(result.unassigned.map((u) => u.reason))].join('; ')}.` : 'Every task has a counter.'}
          </Alert>
        ) : null}
      </Paper>
      <QueryState isLoading={tasks.isLoading || counters.isLoading} error={tasks.error ?? counters.error} />
      {tasks.data ? (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {columns.map((uid) => {
            const mine = all.filter((t) => t.counterUserId === uid);
            const open = mine.filter((t) => t.status === 'open' || t.status === 'in_progress');
            const minutes = open.reduce((s, t) => s + t.estimatedMinutes, 0);
            const cap = profiles.find((p) => p.userId === uid)?.dailyCapacityMinutes ?? 0;
            const share = cap ? Math.min(100, (minutes / cap) * 100) : 0;
            return (
              <Paper key={uid} withBorder p="sm" aria-label={`Tasks of ${personName(uid, names)}`} component="section">
                <Group justify="space-between" mb={4}>
                  <Title order={3} fz="h5">
                    {personName(uid, names)}
                  </Title>
                  <Text size="sm" c={minutes > cap && cap ? 'red.9' : undefined}>
                    {minutes} of {cap || '—'} min
                  </Text>
                </Group>
                <Progress value={share} color={minutes > cap ? 'red' : 'indigo'} aria-label={`Estimated workload ${minutes} of ${cap} minutes`} mb="xs" />
                <TaskTable tasks={mine} profiles={profiles} names={names} />
              </Paper>
            );
          })}
          <Paper withBorder p="sm" component="section" aria-label="Unassigned tasks">
            <Title order={3} fz="h5" mb="xs">
              Unassigned
            </Title>
            <TaskTable tasks={unassigned} profiles={profiles} names={names} />
          </Paper>
        </SimpleGrid>
      ) : null}
    </Stack>
  );
}

function TaskTable({ tasks, profiles, names }: { tasks: TaskSummary[]; profiles: CounterProfile[]; names: Map<number, string> }) {
  if (!tasks.length) return <Text size="sm" c="dimmed">No tasks.</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
    <Table aria-label="Count tasks" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Task</Table.Th>
          <Table.Th scope="col">Zone</Table.Th>
          <Table.Th scope="col" ta="right">Lines</Table.Th>
          <Table.Th scope="col" ta="right">Min</Table.Th>
          <Table.Th scope="col">Status</Table.Th>
          <Table.Th scope="col">Reassign</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tasks.map((t) => (
          <Table.Tr key={t.taskId}>
            <Table.Td>
              <Text span size="sm" fw={600}>{t.taskId}</Text>{' '}
              <Text span size="xs" c="dimmed">{t.kind}</Text>
              {t.critical ? <Badge ml={4} size="xs" color="red" autoContrast>critical</Badge> : null}
              {t.overdue ? <Badge ml={4} size="xs" color="orange" autoContrast>overdue</Badge> : null}
              {t.dueAt ? <Text size="xs" c="dimmed">due {dateTime(t.dueAt)}</Text> : null}
            </Table.Td>
            <Table.Td>{t.zone ?? '—'}</Table.Td>
            <Table.Td ta="right">{t.linesCounted}/{t.lines}</Table.Td>
            <Table.Td ta="right">{t.estimatedMinutes}</Table.Td>
            <Table.Td><StatusBadge status={t.status} /></Table.Td>
            <Table.Td>
              <Reassign task={t} profiles={profiles} names={names} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
    </Table.ScrollContainer>
  );
}

function Reassign({ task, profiles, names }: { task: TaskSummary; profiles: CounterProfile[]; names: Map<number, string> }) {
  const session = useSession();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (!session.can('counting.assign') || task.status === 'completed' || task.status === 'cancelled') return <Text size="xs" c="dimmed">—</Text>;
  const data = profiles.filter((p) => p.active && p.userId !== task.counterUserId).map((p) => ({ value: String(p.userId), label: p.displayName }));
  return (
    <Select
      aria-label={`Reassign task ${task.taskId} (now ${personName(task.counterUserId, names)})`}
      placeholder="Counter…"
      size="xs"
      w={130}
      data={data}
      value={null}
      disabled={busy}
      onChange={async (v) => {
        if (!v) return;
        setBusy(true);
        try {
          await call('assignCountTask', { params: { id: task.taskId }, body: { counterUserId: Number(v) } });
          notifications.show({ color: 'teal', title: `Task ${task.taskId} reassigned`, message: `to ${personName(Number(v), names)}` });
          await qc.invalidateQueries({ queryKey: ['counting', 'tasks'] });
        } catch (e) {
          notifications.show({ color: 'red', title: `Task ${task.taskId} not reassigned`, message: errorText(e) });
        } finally {
          setBusy(false);
        }
      }}
    />
  );
}

function CounterProfiles() {
  const session = useSession();
  const q = useCounterProfiles();
  const [editing, setEditing] = useState<CounterProfile | 'new' | null>(null);
  const editable = session.can('counting.assign');
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">
          Counter profiles
        </Title>
        {editable ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            New profile
          </Button>
        ) : null}
      </Group>
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Table aria-label="Counter profiles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">User id</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col" ta="right">Skill level</Table.Th>
            <Table.Th scope="col">Home zones</Table.Th>
            <Table.Th scope="col" ta="right">Capacity (min/day)</Table.Th>
            <Table.Th scope="col">State</Table.Th>
            {editable ? <Table.Th scope="col">Edit</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(q.data?.items ?? []).map((c) => (
            <Table.Tr key={c.userId}>
              <Table.Td>{c.userId}</Table.Td>
              <Table.Td fw={600}>{c.displayName}</Table.Td>
              <Table.Td ta="right">{c.skillLevel}</Table.Td>
              <Table.Td>{c.homeZones.join(', ') || '—'}</Table.Td>
              <Table.Td ta="right">{c.dailyCapacityMinutes}</Table.Td>
              <Table.Td>{c.active ? 'Active' : 'Inactive'}</Table.Td>
              {editable ? (
                <Table.Td>
                  <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(c)} aria-label={`Edit profile of ${c.displayName}`}>
                    Edit
                  </Button>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New counter profile' : 'Edit counter profile'}>
        {editing !== null ? <ProfileForm profile={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
      </Modal>
    </Paper>
  );
}

function ProfileForm({ profile, onDone }: { profile: CounterProfile | null; onDone(): void }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { userId: (profile?.userId ?? '') as number | string, displayName: profile?.displayName ?? '', skillLevel: (profile?.skillLevel ?? 1) as number | string, homeZones: profile?.homeZones ?? [], dailyCapacityMinutes: (profile?.dailyCapacityMinutes ?? 420) as number | string, active: profile?.active ?? true },
    validate: { userId: (v) => (Number(v) >= 1 ? null : 'Enter the user id'), displayName: (v) => (v.trim() ? null : 'Enter a name') },
  });
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setFormError(null);
    try {
      await call('upsertCounterProfile', { params: { userId: Number(v.userId) }, body: { displayName: v.displayName.trim(), skillLevel: Number(v.skillLevel), homeZones: v.homeZones, dailyCapacityMinutes: Number(v.dailyCapacityMinutes), active: v.active } });
      await qc.invalidateQueries({ queryKey: ['counting', 'counters'] });
      onDone();
    } catch (e) {
      if (e instanceof ApiError) {
        const { fields, other } = splitFieldErrors(e.problem.errors, (p) => p in form.values || p.startsWith('homeZones'));
        form.setErrors(Object.fromEntries(Object.entries(fields).map(([k, val]) => [k.startsWith('homeZones') ? 'homeZones' : k, val])));
        setFormError(other.join('; ') || (Object.keys(fields).length ? null : e.problem.detail));
      } else setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} aria-label="Counter profile">
      <Stack gap="sm">
        <NumberInput label="User id" min={1} allowDecimal={false} disabled={profile !== null} {...form.getInputProps('userId')} />
        <TextInput label="Name" {...form.getInputProps('displayName')} />
        <NumberInput label="Skill level (1–5)" min={1} max={5} allowDecimal={false} {...form.getInputProps('skillLevel')} />
        <TagsInput label="Home zones" description="Zone codes; press Enter after each" {...form.getInputProps('homeZones')} />
        <NumberInput label="Daily capacity (minutes)" min={1} max={1440} allowDecimal={false} {...form.getInputProps('dailyCapacityMinutes')} />
        <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        {formError ? <Alert color="red" role="alert">{formError}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={busy}>Save profile</Button>
        </Group>
      </Stack>
    </form>
  );
}
