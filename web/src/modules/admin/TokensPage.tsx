// API tokens for integrations (ERP, POS, MES): scopes, expiry, owner, sites; the token itself is shown
// once, at creation; revoke at once.

import { Alert, Badge, Button, Group, Modal, MultiSelect, Paper, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../shared/api/client';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { dateTime } from '../../shared/ui/format';
import { useSite } from '../../app/site';
import { errorText } from '../counting/ui';
import { PERMISSIONS, type ApiToken, type User } from './model';
import { ShownOnce } from './UsersPage';

export default function TokensPage() {
  const qc = useQueryClient();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: string; info: ApiToken } | null>(null);
  const q = useQuery({ queryKey: ['admin', 'tokens', includeRevoked], queryFn: ({ signal }) => call<{ items: ApiToken[] }>('listTokens', { query: { includeRevoked: includeRevoked || undefined }, signal }) });
  const revoke = async (t: ApiToken) => {
    if (!window.confirm(`Revoke token "${t.name}"? Systems using it stop at once.`)) return;
    try {
      await call('revokeToken', { params: { id: t.id } });
      await qc.invalidateQueries({ queryKey: ['admin', 'tokens'] });
      notifications.show({ color: 'teal', title: 'Token revoked', message: t.name });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Not revoked', message: errorText(e) });
    }
  };
  return (
    <>
      <PageHeader title="API tokens" description="For ERP, POS and MES systems: each token has scopes, an expiry and optionally an owner and sites" actions={<Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>New token</Button>} />
      <Switch label="Show revoked and expired tokens" checked={includeRevoked} onChange={(e) => setIncludeRevoked(e.currentTarget.checked)} mb="sm" />
      <QueryState isLoading={q.isLoading} error={q.error} />
      <Paper withBorder>
        <Table.ScrollContainer minWidth={900}>
          <Table aria-label="API tokens">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Prefix</Table.Th>
                <Table.Th scope="col">Scopes</Table.Th>
                <Table.Th scope="col">Sites</Table.Th>
                <Table.Th scope="col">Owner</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Revoke</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(q.data?.items ?? []).map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td fw={600}>{t.name}</Table.Td>
                  <Table.Td ff="monospace">{t.prefix}…</Table.Td>
                  <Table.Td><Text size="xs">{t.scopes.join(', ')}</Text></Table.Td>
                  <Table.Td>{t.sites ? t.sites.join(', ') : 'Every site'}</Table.Td>
                  <Table.Td>{t.userId ? `user #${t.userId}` : '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{t.expiresAt ? dateTime(t.expiresAt) : 'Never'}</Table.Td>
                  <Table.Td><Badge color={t.active ? 'teal' : 'gray'} autoContrast>{t.active ? 'Active' : t.revokedAt ? 'Revoked' : 'Expired'}</Badge></Table.Td>
                  <Table.Td>{t.active ? <Button size="xs" color="red" variant="outline" onClick={() => void revoke(t)} aria-label={`Revoke token ${t.name}`}>Revoke</Button> : null}</Table.Td>
                </Table.Tr>
              ))}
              {q.data && q.data.items.length === 0 ? <Table.Tr><Table.Td colSpan={8}>No tokens.</Table.Td></Table.Tr> : null}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={creating} onClose={() => setCreating(false)} title="New API token" size="lg">
        {creating ? <TokenForm onDone={(r) => { setCreating(false); setCreated(r); }} onCancel={() => setCreating(false)} /> : null}
      </Modal>
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={created !== null} onClose={() => setCreated(null)} title={created ? `Token "${created.info.name}" created` : ''}>
        {created ? <ShownOnce label={`API token ${created.info.name}`} secret={created.token} /> : null}
      </Modal>
    </>
  );
}

function TokenForm({ onDone, onCancel }: { onDone(r: { token: string; info: ApiToken }): void; onCancel(): void }) {
  const qc = useQueryClient();
  const { sites } = useSite();
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: ({ signal }) => call<{ items: User[] }>('listUsers', { signal }) });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expires, setExpires] = useState('90d');
  const [userId, setUserId] = useState<string | null>(null);
  const [tokenSites, setTokenSites] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="New API token"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const r = await call<{ token: string; info: ApiToken }>('createToken', {
            body: { name: name.trim(), scopes, expires: expires === 'never' ? 'never' : expires, ...(userId ? { userId: Number(userId) } : {}), ...(tokenSites.length ? { sites: tokenSites } : {}) },
          });
          await qc.invalidateQueries({ queryKey: ['admin', 'tokens'] });
          onDone(r);
        } catch (err) {
          setError(errorText(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Stack gap="sm">
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} description="Which system uses it, e.g. ERP nightly sync" />
        <MultiSelect label="Scopes" required data={[{ value: '*', label: '* (everything the owner holds)' }, ...PERMISSIONS.map((p) => ({ value: p, label: p }))]} value={scopes} onChange={setScopes} searchable />
        <Select label="Expires" data={[{ value: '30d', label: 'In 30 days' }, { value: '90d', label: 'In 90 days' }, { value: '365d', label: 'In a year' }, { value: 'never', label: 'Never' }]} value={expires} onChange={(v) => setExpires(v ?? '90d')} allowDeselect={false} />
        <Select label="Owner (optional)" description="The token never holds more than its owner" data={(users.data?.items ?? []).map((u) => ({ value: String(u.id), label: `${u.username} · ${u.displayName}` }))} value={userId} onChange={setUserId} clearable searchable />
        <MultiSelect label="Sites (optional)" placeholder={tokenSites.length ? undefined : 'Every site'} data={sites.map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` }))} value={tokenSites} onChange={setTokenSites} clearable />
        {error ? <Alert color="red" role="alert">{error}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={busy} disabled={!name.trim() || !scopes.length}>Create token</Button>
        </Group>
      </Stack>
    </form>
  );
}
