// Users and roles: who may sign in, with which roles, each role limited to some sites or not; create,
// change roles, deactivate, reset a password (a generated one is shown once). Plus the roles at a
// glance (who holds each, where) and the sites' segregation-of-duties setting.

import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Modal, MultiSelect, Paper, PasswordInput, Select, Stack, Switch, Table, Tabs, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, call } from '../../shared/api/client';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime } from '../../shared/ui/format';
import { useSession } from '../../app/session';
import { useSite } from '../../app/site';
import { errorText } from '../counting/ui';
import { ROLES, roleLabel, type RoleGrant, type User } from './model';

export default function UsersPage() {
  return (
    <>
      <PageHeader title="Users and roles" description="Who may sign in, with which roles, at which sites" />
      <Tabs defaultValue="users" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="users">Users</Tabs.Tab>
          <Tabs.Tab value="roles">Roles</Tabs.Tab>
          <Tabs.Tab value="sites">Site settings</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users"><UsersTab /></Tabs.Panel>
        <Tabs.Panel value="roles"><RolesTab /></Tabs.Panel>
        <Tabs.Panel value="sites"><SiteSettingsTab /></Tabs.Panel>
      </Tabs>
    </>
  );
}

function useUsers() {
  return useQuery({ queryKey: ['admin', 'users'], queryFn: ({ signal }) => call<{ items: User[] }>('listUsers', { signal }) });
}

function rolesText(roles: RoleGrant[]): string {
  return roles.map((r) => `${roleLabel(r.role)}${r.sites ? ` (${r.sites.join(', ')})` : ''}`).join('; ') || 'No roles';
}

function UsersTab() {
  const q = useUsers();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [password, setPassword] = useState<{ user: string; password: string } | null>(null);
  const toggle = async (u: User) => {
    try {
      await call('updateUser', { params: { id: u.id }, body: { active: !u.active } });
      await qc.invalidateQueries({ queryKey: ['admin', 'users'] });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not changed', message: errorText(e) });
    }
  };
  const reset = async (u: User) => {
    try {
      const r = await call<{ user: User; password?: string }>('resetUserPassword', { params: { id: u.id }, body: {} });
      if (r.password) setPassword({ user: u.username, password: r.password });
      await qc.invalidateQueries({ queryKey: ['admin', 'users'] });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Password not reset', message: errorText(e) });
    }
  };
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">Users</Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>New user</Button>
      </Group>
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Table.ScrollContainer minWidth={900}>
        <Table aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">User</Table.Th>
              <Table.Th scope="col">Roles (sites)</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(q.data?.items ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>{u.username}</Text>
                  <Text size="xs" c="dimmed">{u.displayName} · id {u.id}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.roles.map((r) => (
                      <Badge key={r.role} color="indigo" variant="outline">
                        {roleLabel(r.role)}{r.sites ? `: ${r.sites.join(', ')}` : ''}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge color={u.active ? 'teal' : 'gray'} autoContrast>{u.active ? 'Active' : 'Inactive'}</Badge>
                    {u.locked ? <Badge color="red" autoContrast>Locked</Badge> : null}
                    {!u.passwordSet ? <Badge color="gray" autoContrast>Tokens only</Badge> : null}
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(u.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setEditing(u)} aria-label={`Edit roles of ${u.username}`}>Roles</Button>
                    <Button size="xs" variant="default" onClick={() => void reset(u)} aria-label={`Reset password of ${u.username}`}>Reset password</Button>
                    <Button size="xs" variant="default" onClick={() => void toggle(u)} aria-label={`${u.active ? 'Deactivate' : 'Activate'} ${u.username}`}>{u.active ? 'Deactivate' : 'Activate'}</Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? 'New user' : editing ? `Roles of ${editing.username}` : ''} size="lg">
        {editing !== null ? <UserForm user={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
      </Modal>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={password !== null} onClose={() => setPassword(null)} title="New password">
        {password ? <ShownOnce label={`Password of ${password.user}`} secret={password.password} /> : null}
      </Modal>
    </Paper>
  );
}

export function ShownOnce({ label, secret }: { label: string; secret: string }) {
  return (
    <Stack>
      <Alert color="yellow" title="Shown this once">Copy it now: Stockroom keeps only a hash and cannot show it again.</Alert>
      <Text size="sm" fw={600}>{label}</Text>
      <Group wrap="nowrap" gap="xs">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="secret">{secret}</Code>
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon variant="default" size="lg" onClick={copy} aria-label={copied ? 'Copied' : `Copy ${label}`}>
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

interface GrantRow {
  key: number;
  role: string | null;
  sites: string[];
}
let grantSeq = 0;

function UserForm({ user, onDone }: { user: User | null; onDone(): void }) {
  const qc = useQueryClient();
  const { sites } = useSite();
  const siteOptions = sites.map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` }));
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [grants, setGrants] = useState<GrantRow[]>(() => (user?.roles ?? []).map((r) => ({ key: ++grantSeq, role: r.role, sites: r.sites ?? [] })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const roles = grants.filter((g) => g.role).map((g) => ({ role: g.role!, sites: g.sites.length ? g.sites : null }));
    try {
      if (user) await call('setUserRoles', { params: { id: user.id }, body: { roles } });
      else await call('createUser', { body: { username: username.trim(), ...(displayName.trim() ? { displayName: displayName.trim() } : {}), ...(password ? { password } : {}), roles } });
      await qc.invalidateQueries({ queryKey: ['admin', 'users'] });
      notifications.show({ color: 'teal', title: user ? 'Roles saved' : 'User created', message: user?.username ?? username });
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors.length) {
        const f: Record<string, string> = {};
        const other: string[] = [];
        for (const x of err.problem.errors) {
          const k = x.field.replace(/^\//, '');
          if (k === 'username' || k === 'password' || k === 'displayName') f[k] = x.reason;
          else other.push(x.reason);
        }
        setFieldErrors(f);
        setError(other.join('; ') || null);
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={user ? 'User roles' : 'New user'}>
      <Stack gap="sm">
        {!user ? (
          <>
            <TextInput label="User name" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={fieldErrors.username} />
            <TextInput label="Display name" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={fieldErrors.displayName} />
            <PasswordInput label="Password" description="Leave empty for a user who signs in with API tokens only" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldErrors.password} />
          </>
        ) : null}
        <Text size="sm" fw={500}>Roles</Text>
        {grants.map((g, i) => (
          <Group key={g.key} align="flex-end" wrap="nowrap">
            <Select label={`Role ${i + 1}`} data={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} value={g.role} onChange={(v) => setGrants((xs) => xs.map((x) => (x.key === g.key ? { ...x, role: v } : x)))} w={200} />
            <MultiSelect label={`Role ${i + 1}: sites`} placeholder={g.sites.length ? undefined : 'Every site'} data={siteOptions} value={g.sites} onChange={(v) => setGrants((xs) => xs.map((x) => (x.key === g.key ? { ...x, sites: v } : x)))} style={{ flex: 1 }} clearable />
            <ActionIcon variant="default" size="lg" mb={2} aria-label={`Remove role ${i + 1}`} onClick={() => setGrants((xs) => xs.filter((x) => x.key !== g.key))}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setGrants((xs) => [...xs, { key: ++grantSeq, role: null, sites: [] }])}>
            Add role
          </Button>
        </Group>
        {error ? <Alert color="red" role="alert">{error}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={busy}>{user ? 'Save roles' : 'Create user'}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function RolesTab() {
  const q = useUsers();
  const users = q.data?.items ?? [];
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">Roles and who holds them</Title>
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Table aria-label="Roles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Held by (site limits)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ROLES.map((r) => {
            const holders = users.filter((u) => u.active && u.roles.some((g) => g.role === r));
            return (
              <Table.Tr key={r}>
                <Table.Td fw={600}>{roleLabel(r)}</Table.Td>
                <Table.Td>
                  {holders.length ? holders.map((u) => {
                    const g = u.roles.find((x) => x.role === r)!;
                    return `${u.username} (${g.sites ? g.sites.join(', ') : 'every site'})`;
                  }).join('; ') : <Text span c="dimmed" size="sm">nobody</Text>}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">{users.length ? `Roles per user: ${users.map((u) => `${u.username}: ${rolesText(u.roles)}`).join(' · ')}` : ''}</Text>
    </Paper>
  );
}

function SiteSettingsTab() {
  const { sites } = useSite();
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">Segregation of duties</Title>
      <Text size="sm" c="dimmed" mb="sm">When on, nobody approves a correction for a count they counted or investigated.</Text>
      <Stack gap="xs">
        {sites.map((s) => <SiteSetting key={s.code} site={s.code} name={s.name} />)}
      </Stack>
    </Paper>
  );
}

function SiteSetting({ site, name }: { site: string; name: string }) {
  const session = useSession();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['admin', 'site-settings', site], queryFn: ({ signal }) => call<{ site: string; segregationOfDuties: boolean }>('siteSettings', { params: { site }, signal }) });
  return (
    <Group>
      <Switch
        label={`${site} · ${name}: segregation of duties`}
        checked={q.data?.segregationOfDuties ?? true}
        disabled={!q.data || !session.can('settings.admin')}
        onChange={async (e) => {
          const v = e.currentTarget.checked;
          try {
            await call('setSiteSettings', { params: { site }, body: { segregationOfDuties: v } });
            await qc.invalidateQueries({ queryKey: ['admin', 'site-settings', site] });
          } catch (err) {
            notifications.show({ color: 'red', title: 'Not changed', message: errorText(err) });
          }
        }}
      />
    </Group>
  );
}
