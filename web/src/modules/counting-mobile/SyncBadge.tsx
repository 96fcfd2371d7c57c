// The queue badge: how many counts wait on this phone, whether it is offline, and whether the server
// refused some. A status region: screen readers hear it change.

import { Badge, Group } from '@mantine/core';
import { IconAlertTriangle, IconCloudCheck, IconCloudOff, IconRefresh } from '@tabler/icons-react';
import { useOnline, useOutboxState } from '../../shared/offline/useOutbox';
import { useDevice } from './shell';

export function SyncBadge() {
  const { outbox } = useDevice();
  const s = useOutboxState(outbox);
  const online = useOnline();
  const waiting = s.pending.length;
  const label = waiting === 0 ? 'All counts sent' : `${waiting} ${waiting === 1 ? 'count waits' : 'counts wait'} to be sent${online ? '' : ' (offline)'}`;
  return (
    <Group gap={4} wrap="nowrap" role="status" aria-live="polite" aria-label={`${label}${s.rejected.length ? `; ${s.rejected.length} refused` : ''}`} data-testid="sync-status">
      {!online ? <IconCloudOff size={24} color="var(--mantine-color-gray-7)" aria-hidden data-testid="offline-icon" /> : null}
      {waiting > 0 ? (
        <Badge color="orange" variant="filled" size="lg" circle={false} leftSection={s.syncing ? <IconRefresh size={14} aria-hidden /> : undefined} data-testid="queue-badge" aria-hidden>
          {waiting}
        </Badge>
      ) : online ? (
        <IconCloudCheck size={22} color="var(--mantine-color-green-8)" aria-hidden />
      ) : null}
      {s.rejected.length > 0 ? (
        <Badge color="red" variant="filled" size="lg" leftSection={<IconAlertTriangle size={14} aria-hidden />} data-testid="rejected-badge" aria-hidden>
          {s.rejected.length}
        </Badge>
      ) : null}
    </Group>
  );
}
