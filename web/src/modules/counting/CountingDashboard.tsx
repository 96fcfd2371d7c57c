// The dashboard's counting part: open and overdue count tasks, flagged variances waiting, corrections
// waiting for approval, the accuracy trend, and my recent notifications. Only what the APIs answer,
// and only what the user's permissions reach.

import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { useSite } from '../../app/site';
import { AccuracyTrend } from '../reports/CountHistoryPage';
import type { CountHistory } from '../reports/model';
import { notificationLink, type AppNotification } from '../notifications/model';
import { addDays, today, type Correction, type LineReview, type TaskSummary } from './model';

const WAITING = new Set(['recount', 'investigating', 'pending_approval', 'counted', 'recounted']);

export function CountingDashboard() {
  const session = useSession();
  const { site, sites } = useSite();
  const chartSite = site ?? sites[0]?.code ?? null;
  const canCount = session.can('counting.read');
  const canReports = session.can('reports.read');
  const signedIn = session.status === 'signed-in' && session.me?.userId !== null;

  const tasks = useQuery({
    queryKey: ['counting', 'dashboard', 'tasks', site],
    queryFn: async ({ signal }) => {
      const [open, prog] = await Promise.all([
        call<Page<TaskSummary>>('listCountTasks', { query: { site, status: 'open', limit: 500 }, signal }),
        call<Page<TaskSummary>>('listCountTasks', { query: { site, status: 'in_progress', limit: 500 }, signal }),
      ]);
      const all = [...open.items, ...prog.items];
      return { open: all.length, overdue: all.filter((t) => t.overdue).length, more: !!(open.nextCursor || prog.nextCursor) };
    },
    enabled: canCount,
    refetchInterval: 60_000,
  });
  const flagged = useQuery({
    queryKey: ['counting', 'dashboard', 'flagged', site],
    queryFn: async ({ signal }) => {
      const p = await call<Page<LineReview>>('listCountLines', { query: { site, flagged: true, limit: 500 }, signal });
      return { n: p.items.filter((l) => WAITING.has(l.status)).length, more: !!p.nextCursor };
    },
    enabled: canCount,
    refetchInterval: 60_000,
  });
  const approvals = useQuery({
    queryKey: ['counting', 'dashboard', 'approvals', site],
    queryFn: async ({ signal }) => {
      const p = await call<Page<Correction>>('listCorrections', { query: { site, status: 'proposed', limit: 500 }, signal });
      return { n: p.items.length, more: !!p.nextCursor };
    },
    enabled: canCount,
    refetchInterval: 60_000,
  });
  const history = useQuery({
    queryKey: ['counting', 'dashboard', 'history', chartSite],
    queryFn: ({ signal }) => call<CountHistory>('countHistory', { query: { site: chartSite, from: addDays(today(), -84), to: today(), granularity: 'week', by: 'zone', top: 1 }, signal }),
    enabled: canReports && canCount && !!chartSite,
    staleTime: 5 * 60_000,
  });
  const notes = useQuery({
    queryKey: ['notifications', 'dashboard'],
    queryFn: ({ signal }) => call<Page<AppNotification>>('listNotifications', { query: { limit: 5 }, signal }),
    enabled: signedIn,
  });

  if (!canCount && !signedIn) return null;
  return (
    <Stack gap="md" mb="md">
      {canCount ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <CountStat label="Open count tasks" value={tasks.data ? `${tasks.data.open}${tasks.data.more ? '+' : ''}` : null} q={tasks} to="/counting/assign" />
          <CountStat label="Overdue count tasks" value={tasks.data ? String(tasks.data.overdue) : null} q={tasks} to="/counting/assign" alert={!!tasks.data?.overdue} />
          <CountStat label="Flagged variances waiting" value={flagged.data ? `${flagged.data.n}${flagged.data.more ? '+' : ''}` : null} q={flagged} to="/counting/review" alert={!!flagged.data?.n} />
          <CountStat label="Corrections awaiting approval" value={approvals.data ? `${approvals.data.n}${approvals.data.more ? '+' : ''}` : null} q={approvals} to="/counting/approvals" />
        </SimpleGrid>
      ) : null}
      <SimpleGrid cols={{ base: 1, lg: canReports && canCount && chartSite ? 2 : 1 }}>
        {canReports && canCount && chartSite ? (
          history.data ? <AccuracyTrend h={history.data} height={200} /> : (
            <Paper withBorder p="md"><Title order={2} fz="h4">Accuracy trend</Title><QueryState isLoading={history.isLoading} error={history.error} /></Paper>
          )
        ) : null}
        {signedIn ? (
          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} fz="h4">Recent notifications</Title>
              <Anchor component={Link} to="/notifications" size="sm">All notifications</Anchor>
            </Group>
            <QueryState isLoading={notes.isLoading} error={notes.error} />
            <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Recent notifications">
              {(notes.data?.items ?? []).map((n) => {
                const to = notificationLink(n);
                return (
                  <li key={n.id}>
                    {to ? <Anchor component={Link} to={to} size="sm" fw={n.readAt ? 400 : 700}>{n.title}</Anchor> : <Text size="sm" fw={n.readAt ? 400 : 700}>{n.title}</Text>}
                    <Text size="xs" c="dimmed">{dateTime(n.createdAt)}{n.readAt ? '' : ' · unread'}</Text>
                  </li>
                );
              })}
              {notes.data && notes.data.items.length === 0 ? <Text size="sm" c="dimmed">Nothing yet.</Text> : null}
            </Stack>
          </Paper>
        ) : null}
      </SimpleGrid>
    </Stack>
  );
}

function CountStat({ label, value, q, to, alert }: { label: string; value: string | null; q: { isLoading: boolean; error: unknown }; to: string; alert?: boolean }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">{label}</Text>
      {value !== null ? (
        <Anchor component={Link} to={to} fz={28} fw={700} c={alert ? 'red.9' : undefined} aria-label={`${label}: ${value}`}>
          {value}
        </Anchor>
      ) : (
        <QueryState isLoading={q.isLoading} error={q.error} />
      )}
    </Paper>
  );
}
