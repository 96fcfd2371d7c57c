// The location tree: site > warehouse > zone > bin, bins in walk sequence. Keyboard: arrows move and
// open/close, Tab reaches a bin's link to its stock.

import { Anchor, Badge, Group, Paper, Stack, Text, Title, Tree, useTree, type TreeNodeData } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../../shared/api/client';
import type { LocationTree } from '../../shared/api/types';
import { PageHeader } from '../../shared/ui/PageHeader';
import { QueryState } from '../../shared/ui/QueryState';
import { useSite } from '../../app/site';

interface NodeInfo {
  kind: string;
  name: string;
  blocked: boolean;
  active: boolean;
  walkSeq: number | null;
  bins: number;
}

function toTreeData(n: LocationTree, info: Map<string, NodeInfo>): TreeNodeData {
  const children = n.children.map((c) => toTreeData(c, info));
  const bins = n.kind === 'bin' ? 1 : n.children.reduce((s, c) => s + (info.get(c.code)?.bins ?? 0), 0);
  info.set(n.code, { kind: n.kind, name: n.name, blocked: n.blocked, active: n.active, walkSeq: n.walkSeq, bins });
  return { value: n.code, label: n.code, ...(children.length ? { children } : {}) };
}

export default function LocationsPage() {
  const { site, sites } = useSite();
  const codes = site ? [site] : sites.map((s) => s.code);
  const results = useQueries({
    queries: codes.map((code) => ({ queryKey: ['locations', 'tree', code], queryFn: ({ signal }: { signal: AbortSignal }) => call<LocationTree>('locationTree', { params: { code }, signal }) })),
  });
  const loading = results.some((r) => r.isLoading);
  const error = results.find((r) => r.error)?.error;
  const trees = results.map((r) => r.data).filter((t): t is LocationTree => !!t);

  return (
    <>
      <PageHeader title="Locations" description="Sites, warehouses, zones and bins; bins in walk sequence" />
      <QueryState isLoading={loading} error={error} />
      {!loading && codes.length === 0 ? <Text c="dimmed">No sites yet.</Text> : null}
      <Stack>
        {trees.map((t) => (
          <SiteTree key={t.code} tree={t} />
        ))}
      </Stack>
    </>
  );
}

function SiteTree({ tree }: { tree: LocationTree }) {
  const { data, info } = useMemo(() => {
    const info = new Map<string, NodeInfo>();
    return { data: [toTreeData(tree, info)], info };
  }, [tree]);
  const expanded = useMemo(() => {
    // sites and warehouses open; zones closed, so a big site reads at a glance
    const out: Record<string, boolean> = {};
    for (const [code, i] of info) if (i.kind === 'site' || i.kind === 'warehouse') out[code] = true;
    return out;
  }, [info]);
  const treeCtl = useTree({ initialExpandedState: expanded });
  const site = info.get(tree.code);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="h4">
          {tree.code} · {tree.name}
        </Title>
        <Text size="sm" c="dimmed">
          {site?.bins ?? 0} bins
        </Text>
      </Group>
      <Tree
        data={data}
        tree={treeCtl}
        aria-label={`Locations of ${tree.code}`}
        levelOffset={24}
        selectOnClick
        renderNode={({ node, expanded: open, hasChildren, elementProps }) => {
          const i = info.get(node.value);
          return (
            <Group
              gap={6}
              wrap="nowrap"
              {...elementProps}
              py={3}
            >
              {hasChildren ? <IconChevronRight size={14} aria-hidden style={{ transform: open ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }} /> : <span style={{ width: 14 }} />}
              {i?.kind === 'bin' ? (
                <Anchor component={Link} to={`/stock?location=${encodeURIComponent(node.value)}`} size="sm" fw={600}>
                  {node.value}
                </Anchor>
              ) : (
                <Text size="sm" fw={600}>
                  {node.value}
                </Text>
              )}
              <Text size="sm" c="dimmed" truncate>
                {i?.name}
              </Text>
              <Badge size="xs" variant="light" color={i?.kind === 'bin' ? 'gray' : 'indigo'}>
                {i?.kind}
              </Badge>
              {i?.kind !== 'bin' && i?.bins ? (
                <Text size="xs" c="dimmed">
                  {i.bins} bins
                </Text>
              ) : null}
              {i?.kind === 'bin' && i.walkSeq !== null ? (
                <Text size="xs" c="dimmed">
                  walk {i.walkSeq}
                </Text>
              ) : null}
              {i?.blocked ? (
                <Badge size="xs" color="red" variant="filled">
                  blocked
                </Badge>
              ) : null}
              {i && !i.active ? (
                <Badge size="xs" color="gray" variant="outline">
                  inactive
                </Badge>
              ) : null}
            </Group>
          );
        }}
      />
    </Paper>
  );
}
