// All my notifications, newest first: unread filter, mark one or all read, open what it is about.

import { Anchor, Badge, Button, Checkbox, Group, Paper, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { Page } from '../../shared/api/types';
import { CursorPager } from '../../shared/ui/CursorPager';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime } from '../../shared/ui/format';
import { useCursorPaging } from '../../shared/ui/paging';
import { notificationLink, type AppNotification } from './model';

const KIND_LABELS: Record<string, string> = {
  'count.task_completed': 'Task completed',
  'count.line_flagged': 'Line flagged',
  'count.correction_awaiting_approval': 'Awaiting approval',
};

export default function NotificationsPage() {
  const qc = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const paging = useCursorPaging(String(unreadOnly));
  const q = useQuery({
    queryKey: ['notifications', 'list', unreadOnly, paging.cursor],
    queryFn: ({ signal }) => call<Page<AppNotification>>('listNotifications', { query: { unread: unreadOnly || undefined, limit: 50, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });
  const rows = q.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Counts completed, lines flagged, corrections waiting for approval"
        actions={<Button variant="default" onClick={async () => { await call('markAllNotificationsRead', { body: {} }); refresh(); }}>Mark all read</Button>}
      />
      <Checkbox label="Unread only" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} mb="sm" />
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Paper withBorder>
        <Table aria-label="Notifications">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Notification</Table.Th>
              <Table.Th scope="col">State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((n) => {
              const to = notificationLink(n);
              return (
                <Table.Tr key={n.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(n.createdAt)}</Table.Td>
                  <Table.Td><Badge color="indigo" autoContrast>{KIND_LABELS[n.kind] ?? n.kind}</Badge></Table.Td>
                  <Table.Td>
                    {to ? <Anchor component={Link} to={to} fw={n.readAt ? 400 : 700}>{n.title}</Anchor> : <Text fw={n.readAt ? 400 : 700}>{n.title}</Text>}
                  </Table.Td>
                  <Table.Td>
                    {n.readAt ? (
                      <Text size="sm" c="dimmed">Read {dateTime(n.readAt)}</Text>
                    ) : (
                      <Button size="xs" variant="default" onClick={async () => { await call('markNotificationRead', { params: { id: n.id } }); refresh(); }} aria-label={`Mark read: ${n.title}`}>
                        Mark read
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {q.data && rows.length === 0 ? (
              <Table.Tr><Table.Td colSpan={4}>No notifications.</Table.Td></Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Paper>
      <CursorPager pageNo={paging.pageNo} rows={rows.length} nextCursor={q.data?.nextCursor} onNext={paging.next} onPrev={paging.prev} loading={q.isFetching} />
    </>
  );
}
