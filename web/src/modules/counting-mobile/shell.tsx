// The counting screens' shell: the device (outbox + journal of the signed-in user) in a context, the
// narrow header with the queue badge and the menu.

import { ActionIcon, Box, Group, Menu, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconClipboardList, IconDotsVertical, IconLayoutDashboard, IconLogout } from '@tabler/icons-react';
import { createContext, useContext, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session';
import type { Outbox } from '../../shared/offline/outbox';
import type { Journal } from './device';
import { SyncBadge } from './SyncBadge';
import type { ObservationBody } from './types';

export interface CounterDevice {
  owner: string;
  outbox: Outbox<ObservationBody>;
  journal: Journal;
}

export const DeviceContext = createContext<CounterDevice | null>(null);

export function useDevice(): CounterDevice {
  const d = useContext(DeviceContext);
  if (!d) throw new Error('useDevice outside CountingApp');
  return d;
}

/** The header of every counting screen: back, title, the queue badge, and the menu. */
export function CountHeader({ title, back, children }: { title: ReactNode; back?: string; children?: ReactNode }) {
  const session = useSession();
  const navigate = useNavigate();
  return (
    <Box component="header" pos="sticky" top={0} bg="white" style={{ zIndex: 100, borderBottom: '1px solid var(--mantine-color-gray-3)' }} px="xs" py={4}>
      <Group justify="space-between" wrap="nowrap" gap="xs" mih={56}>
        <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
          {back ? (
            <ActionIcon component={Link} to={back} variant="subtle" size={48} aria-label="Back to my tasks">
              <IconArrowLeft size={26} aria-hidden />
            </ActionIcon>
          ) : (
            <Box w={48} h={48} style={{ display: 'grid', placeItems: 'center' }}>
              <IconClipboardList size={26} aria-hidden />
            </Box>
          )}
          <Title order={1} fz="lg" lineClamp={1}>
            {title}
          </Title>
        </Group>
        <Group gap={4} wrap="nowrap">
          <SyncBadge />
          {children}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" size={48} aria-label="Menu">
                <IconDotsVertical size={24} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {session.me ? <Menu.Label>{session.me.name}</Menu.Label> : null}
              <Menu.Item mih={48} leftSection={<IconLayoutDashboard size={18} aria-hidden />} onClick={() => navigate('/')}>
                Full Stockroom
              </Menu.Item>
              {session.status === 'signed-in' ? (
                <Menu.Item mih={48} leftSection={<IconLogout size={18} aria-hidden />} onClick={() => void session.signOut()}>
                  Sign out
                </Menu.Item>
              ) : null}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </Box>
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}
