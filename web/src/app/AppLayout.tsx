// The app shell: header with the site switcher and the user menu, navigation filtered by what the
// user's roles allow, and the screen.

import { AppShell, Badge, Box, Burger, Group, Menu, NavLink, ScrollArea, Select, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowsExchange, IconBuildingWarehouse, IconChevronDown, IconClipboardList, IconDashboard, IconHistory, IconLogout, IconPackage, IconReportMoney, IconStack2, IconTags, IconUserCircle } from '@tabler/icons-react';
import { IconAdjustments, IconCalendar, IconChartLine, IconClipboardCheck, IconFileSearch, IconKey, IconListCheck, IconReportAnalytics, IconScale, IconShieldCheck, IconUsers } from '@tabler/icons-react';
import { NotificationBell } from '../modules/notifications/NotificationBell';
import { Link, Outlet, useLocation } from 'react-router-dom';
import type { ComponentType } from 'react';
import { NAV } from './permissions';
import { useSession } from './session';
import { SiteProvider, useSite } from './site';

const ICONS: Record<string, ComponentType<{ size?: number; 'aria-hidden'?: boolean }>> = {
  '/': IconDashboard,
  '/items': IconPackage,
  '/locations': IconBuildingWarehouse,
  '/lots': IconTags,
  '/stock': IconStack2,
  '/movements': IconHistory,
  '/movements/new': IconArrowsExchange,
  '/reports/valuation': IconReportMoney,
  '/counting/review': IconScale,
  '/counting/approvals': IconClipboardCheck,
  '/counting/investigations': IconFileSearch,
  '/counting/schedule': IconCalendar,
  '/counting/assign': IconListCheck,
  '/counting/policy': IconAdjustments,
  '/count': IconClipboardList,
  '/reports/counts': IconReportAnalytics,
  '/reports/count-history': IconChartLine,
  '/audit': IconShieldCheck,
  '/admin/users': IconUsers,
  '/admin/tokens': IconKey,
};

const GROUP_LABELS = { inventory: 'Inventory', ledger: 'Ledger', counting: 'Cycle counting', reports: 'Reports', admin: 'Administration' } as const;

export function AppLayout() {
  return (
    <SiteProvider>
      <Shell />
    </SiteProvider>
  );
}

function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession();
  const loc = useLocation();
  const entries = NAV.filter((n) => session.can(n.permission));
  const isActive = (path: string) =>
    path === '/' ? loc.pathname === '/' : path === '/movements' ? loc.pathname === '/movements' || /^\/movements\/\d+/.test(loc.pathname) : loc.pathname === path || loc.pathname.startsWith(path + '/');

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <IconClipboardList aria-hidden size={22} />
            <Text fw={700} size="lg" component={Link} to="/" style={{ textDecoration: 'none', color: 'inherit' }} visibleFrom="xs">
              Stockroom
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SiteSwitcher />
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          <nav aria-label="Screens">
            {(['inventory', 'ledger', 'counting', 'reports', 'admin'] as const).map((g) => {
              const items = entries.filter((e) => e.group === g);
              if (!items.length) return null;
              return (
                <div key={g}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={4}>
                    {GROUP_LABELS[g]}
                  </Text>
                  {items.map((e) => {
                    const Icon = ICONS[e.path] ?? IconDashboard;
                    return (
                      <NavLink
                        key={e.path}
                        component={Link}
                        to={e.path}
                        label={e.label}
                        leftSection={<Icon size={18} aria-hidden />}
                        active={isActive(e.path)}
                        aria-current={isActive(e.path) ? 'page' : undefined}
                        onClick={close}
                      />
                    );
                  })}
                </div>
              );
            })}
            {entries.length === 0 ? (
              <Text size="sm" c="dimmed" p="sm">
                Your roles give you no inventory screens.
              </Text>
            ) : null}
          </nav>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function SiteSwitcher() {
  const { site, sites, setSite, allowAll } = useSite();
  if (!sites.length) return null;
  const data = [...(allowAll ? [{ value: '', label: 'All sites' }] : []), ...sites.map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` }))];
  return (
    <Select
      aria-label="Site"
      data={data}
      value={site ?? ''}
      onChange={(v) => setSite(v ? v : null)}
      allowDeselect={false}
      w={{ base: 150, sm: 240 }}
      size="sm"
      leftSection={<IconBuildingWarehouse size={16} aria-hidden />}
    />
  );
}

function UserMenu() {
  const session = useSession();
  if (session.status === 'open') {
    return (
      <Badge variant="light" color="gray" title="The server runs without authentication">
        No sign-in
      </Badge>
    );
  }
  const me = session.me;
  if (!me) return null;
  const name = me.name;
  const { sites } = useSite();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${name}`}>
          <Group gap={6} wrap="nowrap">
            {/* on a phone the header has no room for the name: an icon, the name in the menu */}
            <Box hiddenFrom="sm" style={{ display: 'flex' }}>
              <IconUserCircle size={24} aria-hidden />
            </Box>
            <Text size="sm" fw={500} visibleFrom="sm">
              {name}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {name}
          {me.username ? ` · ${me.username}` : ''}
        </Menu.Label>
        <Menu.Label>Roles: {me.roles.map((r) => r.role.replace(/_/g, ' ')).join(', ') || 'none'}</Menu.Label>
        {session.sites ? <Menu.Label>Sites: {sites.map((s) => s.code).join(', ') || 'none'}</Menu.Label> : null}
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void session.signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
