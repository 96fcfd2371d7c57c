// The bell in the header: unread count (polled), the latest notifications in a popover, mark read.

import { ActionIcon, Anchor, Button, Group, Indicator, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { dateTime } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { notificationLink, UNREAD_POLL_MS, type AppNotification } from './model';

export function NotificationBell() {
  const session = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const signedIn = session.status === 'signed-in' && session.me?.userId !== null;
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: ({ signal }) => call<{ unread: number }>('unreadNotifications', { signal }),
    enabled: signedIn,
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 10_000,
  });
  const latest = useQuery({
    queryKey: ['notifications', 'latest'],
    queryFn: ({ signal }) => call<Page<AppNotification>>('listNotifications', { query: { limit: 6 }, signal }),
    enabled: signedIn && opened,
  });
  if (!signedIn) return null;
  const n = unread.data?.unread ?? 0;
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });
  const open = async (x: AppNotification) => {
    if (!x.readAt) {
      try {
        await call('markNotificationRead', { params: { id: x.id } });
      } finally {
        refresh();
      }
    }
    setOpened(false);
    const to = notificationLink(x);
    if (to) navigate(to);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Indicator label={n > 99 ? '99+' : n} size={18} disabled={n === 0} color="red.9" offset={4}>
          <ActionIcon variant="subtle" color="dark" size="lg" onClick={() => setOpened((o) => !o)} aria-label={n ? `Notifications: ${n} unread` : 'Notifications: none unread'} aria-expanded={opened} aria-haspopup="dialog">
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown role="dialog" aria-label="Notifications">
        <Group justify="space-between" mb="xs">
          <Text fw={700}>Notifications</Text>
          <Button size="compact-xs" variant="subtle" disabled={n === 0} onClick={async () => { await call('markAllNotificationsRead', { body: {} }); refresh(); }}>
            Mark all read
          </Button>
        </Group>
        <Stack gap={4}>
          {(latest.data?.items ?? []).map((x) => (
            <UnstyledButton key={x.id} onClick={() => void open(x)} p={6} style={{ borderRadius: 4, background: x.readAt ? undefined : 'var(--mantine-color-indigo-0)' }} aria-label={`${x.readAt ? '' : 'Unread: '}${x.title}`}>
              <Text size="sm" fw={x.readAt ? 400 : 700} lineClamp={2}>{x.title}</Text>
              <Text size="xs" c="dimmed">{dateTime(x.createdAt)}</Text>
            </UnstyledButton>
          ))}
          {latest.data && latest.data.items.length === 0 ? <Text size="sm" c="dimmed">Nothing yet.</Text> : null}
        </Stack>
        <Anchor component={Link} to="/notifications" size="sm" mt="xs" display="block" onClick={() => setOpened(false)}>
          All notifications
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
