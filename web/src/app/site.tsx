// The site the user is working in (site switcher in the header). Screens pass it to the API as a
// filter; null means all the sites the user may see.

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { call } from '../shared/api/client';
import type { Location, Page } from '../shared/api/types';
import { useSession } from './session';

interface SiteState {
  readonly site: string | null;
  readonly sites: Location[];
  setSite(code: string | null): void;
  /** whether "All sites" may be chosen (users limited to some sites always work in one) */
  readonly allowAll: boolean;
}

const SiteContext = createContext<SiteState | null>(null);
const KEY = 'stockroom.site';

export function SiteProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const q = useQuery({
    queryKey: ['locations', 'sites'],
    queryFn: () => call<Page<Location>>('listLocations', { query: { kind: 'site', limit: 500 } }),
    enabled: session.can('catalog.read'),
    staleTime: 10 * 60_000,
  });
  const sites = useMemo(() => {
    const all = q.data?.items ?? [];
    return session.sites ? all.filter((s) => session.sites!.includes(s.id)) : all;
  }, [q.data, session.sites]);
  const allowAll = session.sites === null;
  const [site, setSiteState] = useState<string | null>(() => localStorage.getItem(KEY));

  useEffect(() => {
    if (!q.data) return;
    if (site && !sites.some((s) => s.code === site)) setSiteState(allowAll ? null : (sites[0]?.code ?? null));
    else if (!site && !allowAll && sites[0]) setSiteState(sites[0].code);
  }, [q.data, sites, site, allowAll]);

  const value = useMemo<SiteState>(() => ({
    site,
    sites,
    allowAll,
    setSite(code) {
      setSiteState(code);
      if (code) localStorage.setItem(KEY, code);
      else localStorage.removeItem(KEY);
    },
  }), [site, sites, allowAll]);
  return <SiteContext.Provider value={value}>{children}</SiteContext.Provider>;
}

export function useSite(): SiteState {
  const s = useContext(SiteContext);
  if (!s) throw new Error('useSite outside SiteProvider');
  return s;
}
