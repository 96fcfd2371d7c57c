// Pieces the counting desk screens share: the site a screen works on, counter names, and the variance
// shown with its direction in words (system − counted: shortage or overage, never a bare sign).

import { Badge, Group, Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError, call } from '../../shared/api/client';
import { money, qty } from '../../shared/ui/format';
import { useSite } from '../../app/site';
import { useSession } from '../../app/session';
import { directionOf, pct, unsigned, type CounterProfile, type Direction } from './model';

/** The site a counting screen works on: the header's site, else the one picked here, else the first. */
export function useDeskSite(): { site: string | null; setSite(code: string | null): void; options: { value: string; label: string }[] } {
  const { site: headerSite, sites } = useSite();
  const [picked, setPicked] = useState<string | null>(null);
  const site = headerSite ?? picked ?? sites[0]?.code ?? null;
  const options = useMemo(() => sites.map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` })), [sites]);
  return { site, setSite: setPicked, options };
}

/** A site select for screens that need one site when the header says "All sites". */
export function DeskSiteSelect({ desk }: { desk: ReturnType<typeof useDeskSite> }) {
  const { site: headerSite } = useSite();
  if (headerSite) return null;
  return <Select label="Site" data={desk.options} value={desk.site} onChange={(v) => desk.setSite(v)} allowDeselect={false} w={220} />;
}

export function useCounterProfiles() {
  const session = useSession();
  return useQuery({
    queryKey: ['counting', 'counters'],
    queryFn: ({ signal }) => call<{ items: CounterProfile[] }>('listCounterProfiles', { signal }),
    enabled: session.can('counting.read'),
    staleTime: 60_000,
  });
}

export function useCounterNames(): Map<number, string> {
  const q = useCounterProfiles();
  return useMemo(() => new Map((q.data?.items ?? []).map((c) => [c.userId, c.displayName])), [q.data]);
}

const DIRECTION_COLOR: Record<Direction, string> = { shortage: 'red.9', overage: 'orange.9', none: 'teal.9' };

/** "Shortage 919 each", "Overage 4 kg", "No variance"; null figures (blind, not counted) as a dash. */
export function VarianceQty({ shortageQty, direction, uom }: { shortageQty: string | null; direction?: Direction | null; uom?: string }) {
  const d = directionOf(shortageQty, direction);
  if (shortageQty === null || d === null) return <Text span c="dimmed">—</Text>;
  if (d === 'none') return <Text span size="sm" c={DIRECTION_COLOR.none}>No variance</Text>;
  return (
    <Text span size="sm" fw={600} c={DIRECTION_COLOR[d]} style={{ whiteSpace: 'nowrap' }}>
      {d === 'shortage' ? 'Shortage' : 'Overage'} {qty(unsigned(shortageQty), uom)}
    </Text>
  );
}

/** Percent of the system quantity and value at cost, each with its direction. */
export function VarianceFigures({ shortagePct, shortageValue, direction, shortageQty }: { shortagePct: string | null; shortageValue: string | null; direction?: Direction | null; shortageQty: string | null }) {
  const d = directionOf(shortageQty, direction);
  if (d === null || d === 'none') return <Text span c="dimmed">—</Text>;
  const word = d === 'shortage' ? 'short' : 'over';
  return (
    <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
      {shortagePct !== null ? `${pct(shortagePct)} ${word}` : 'system qty 0'} · {shortageValue !== null ? `${money(unsigned(shortageValue))} ${word}` : '—'}
    </Text>
  );
}

const STATUS_COLORS: Record<string, string> = {
  planned: 'gray', assigned: 'blue', counted: 'cyan', accepted: 'teal', corrected: 'teal', pending_approval: 'yellow', recount: 'orange', recounted: 'grape',
  investigating: 'red', closed: 'gray', cancelled: 'gray', open: 'blue', in_progress: 'cyan', completed: 'teal', proposed: 'yellow', posted: 'teal', rejected: 'gray',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="filled" autoContrast styles={{ root: { minWidth: 'max-content' } }}>
      {status.replace(/_/g, ' ')}
    </Badge>
  );
}

export function FlagBadge({ flagged }: { flagged: boolean }) {
  return flagged ? <Badge color="red" variant="filled" autoContrast styles={{ root: { minWidth: 'max-content' } }}>Flagged</Badge> : null;
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.problem.detail || e.problem.title;
  return e instanceof Error ? e.message : String(e);
}

export function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">{children}</Text>
    </Group>
  );
}
