// The signed-in user: who, which roles, which sites, and what they may do. Read once from
// GET /api/v1/auth/me, which also gives a cookie session its CSRF token. A server without the auth module answers 404 there: the app then runs open
// (everything the API allows), which is what the API itself does in that case.

import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { Alert, Button, Container, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, call, setCsrfToken, setUnauthorizedHandler } from '../shared/api/client';
import type { Me } from '../shared/api/types';
import { can, permissionsOf, visibleSiteIds } from './permissions';

export interface Session {
  readonly status: 'loading' | 'signed-out' | 'signed-in' | 'open';
  readonly me: Me | null;
  readonly can: (permission: string) => boolean;
  /** ids of the sites the user may see; null means every site */
  readonly sites: readonly number[] | null;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const meQuery = useQuery({
    queryKey: ['auth', 'me'],
    queryFn: async (): Promise<{ mode: 'signed-in'; me: Me } | { mode: 'signed-out' | 'open' }> => {
      try {
        const me = await call<Me>('me');
        // a cookie session's CSRF token comes back with /auth/me (a bearer token has none)
        setCsrfToken(me.csrfToken ?? null);
        return { mode: 'signed-in', me };
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          setCsrfToken(null);
          return { mode: 'signed-out' };
        }
        if (e instanceof ApiError && e.status === 404 && e.problem.code === 'request.route_not_found') return { mode: 'open' };
        throw e;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });

  useEffect(() => {
    setUnauthorizedHandler(() => void qc.invalidateQueries({ queryKey: ['auth', 'me'] }));
    return () => setUnauthorizedHandler(null);
  }, [qc]);

  const refresh = useCallback(async () => {
    await qc.invalidateQueries({ queryKey: ['auth', 'me'] });
  }, [qc]);

  const signOut = useCallback(async () => {
    try {
      await call('logout', { body: {} });
    } finally {
      setCsrfToken(null);
      qc.clear();
      await qc.invalidateQueries({ queryKey: ['auth', 'me'] });
    }
  }, [qc]);

  const value = useMemo<Session>(() => {
    const d = meQuery.data;
    if (!d) return { status: 'loading', me: null, can: () => false, sites: null, refresh, signOut };
    if (d.mode !== 'signed-in') return d.mode === 'open' ? { status: 'open', me: null, can: () => true, sites: null, refresh, signOut } : { status: 'signed-out', me: null, can: () => false, sites: null, refresh, signOut };
    const perms = permissionsOf(d.me.permissions);
    const sites = visibleSiteIds(d.me.sites);
    return { status: 'signed-in', me: d.me, can: (p) => can(perms, p), sites, refresh, signOut };
  }, [meQuery.data, refresh, signOut]);

  if (meQuery.isError) {
    return (
      <Container size="sm" py="xl">
        <Alert color="red" title="Stockroom cannot reach the server" role="alert">
          <Stack gap="sm" align="flex-start">
            <span>{meQuery.error instanceof Error ? meQuery.error.message : String(meQuery.error)}</span>
            <Button variant="default" onClick={() => void meQuery.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      </Container>
    );
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
