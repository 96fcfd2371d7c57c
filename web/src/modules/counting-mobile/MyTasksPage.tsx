// My tasks: the counter's open count tasks, from the server or, offline, as saved on the phone.
// Opening the list also saves each task's sheet on the phone, so that a task can be counted even if
// the network is gone by the time the counter reaches it.

import { Alert, Badge, Box, Button, Card, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronRight, IconCloudOff, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../shared/api/client';
import { useOutboxState } from '../../shared/offline/useOutbox';
import { dateTime } from '../../shared/ui/format';
import { fetchMyTasks, fetchTask } from './api';
import { CountHeader, useDevice } from './shell';

export default function MyTasksPage() {
  const { owner, outbox } = useDevice();
  const box = useOutboxState(outbox);
  const q = useQuery({ queryKey: ['counting-mobile', owner, 'my-tasks'], queryFn: () => fetchMyTasks(owner), networkMode: 'always', staleTime: 0 });

  // save the sheets of the first tasks for offline use
  useEffect(() => {
    if (!q.data || q.data.fromCache) return;
    for (const t of q.data.data.slice(0, 5)) void fetchTask(owner, t.taskId).catch(() => undefined);
  }, [q.data, owner]);

  const tasks = q.data?.data ?? [];
  return (
    <Box mih="100dvh" bg="gray.0">
      <CountHeader title="My count tasks" />
      <Stack p="sm" gap="sm" component="main" aria-label="My count tasks">
        {q.data?.fromCache ? (
          <Alert color="gray" icon={<IconCloudOff aria-hidden />} title="Offline">
            The list as saved on this phone at {dateTime(q.data.savedAt)}.
          </Alert>
        ) : null}
        {q.error ? (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert" title="The tasks could not be loaded">
            {q.error instanceof ApiError ? q.error.problem.detail : String(q.error)}
          </Alert>
        ) : null}
        {q.isLoading ? (
          <Group justify="center" py="xl">
            <Loader aria-label="Loading" />
          </Group>
        ) : null}
        {q.data && tasks.length === 0 ? (
          <Card withBorder padding="lg">
            <Text fw={600}>No count task for you right now.</Text>
            <Text size="sm" c="dimmed">
              Your supervisor assigns tasks; pull the list again later.
            </Text>
          </Card>
        ) : null}
        {tasks.map((t) => {
          const waiting = box.pending.filter((e) => e.group === String(t.taskId)).length;
          return (
            <UnstyledButton
              key={t.taskId}
              component={Link}
              to={`/count/${t.taskId}`}
              aria-label={`Task ${t.taskId}, ${t.zone ? `zone ${t.zone}, ` : ''}${t.lines} lines, ${t.linesCounted} counted${t.dueAt ? `, due ${dateTime(t.dueAt)}` : ''}`}
              style={{ display: 'block', borderRadius: 8 }}
            >
              <Card withBorder padding="md" mih={72}>
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap={6}>
                      <Text fw={700} size="lg">
                        Task {t.taskId}
                      </Text>
                      {t.zone ? <Text c="dimmed">· {t.zone}</Text> : null}
                    </Group>
                    <Text size="sm">
                      {t.linesCounted} of {t.lines} lines counted · about {t.estimatedMinutes} min
                    </Text>
                    {t.dueAt ? (
                      <Text size="sm" c={t.overdue ? 'red.8' : 'dimmed'} fw={t.overdue ? 700 : 400}>
                        {t.overdue ? 'Overdue: ' : 'Due '}
                        {dateTime(t.dueAt)}
                      </Text>
                    ) : null}
                    <Group gap={4}>
                      {t.blind ? <Badge variant="light" color="gray">blind</Badge> : null}
                      {t.critical ? <Badge variant="light" color="red">critical items</Badge> : null}
                      {t.kind !== 'scheduled' ? <Badge variant="light">{t.kind.replace(/_/g, ' ')}</Badge> : null}
                      {waiting ? <Badge color="orange">{waiting} waiting</Badge> : null}
                    </Group>
                  </Stack>
                  <IconChevronRight size={28} aria-hidden />
                </Group>
              </Card>
            </UnstyledButton>
          );
        })}
        <Button variant="default" size="lg" h={52} leftSection={<IconRefresh aria-hidden />} onClick={() => void q.refetch()} disabled={q.isFetching}>
          {q.isFetching ? 'Refreshing…' : 'Refresh the list'}
        </Button>
      </Stack>
    </Box>
  );
}
