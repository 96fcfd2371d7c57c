import { Button, Group, Select, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';

export function CursorPager(props: {
  pageNo: number;
  rows: number;
  nextCursor: string | null | undefined;
  onNext(cursor: string): void;
  onPrev(): void;
  pageSize?: number;
  onPageSize?(n: number): void;
  loading?: boolean;
}) {
  const { pageNo, rows, nextCursor, onNext, onPrev, pageSize, onPageSize, loading } = props;
  return (
    <Group justify="space-between" mt="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        Page {pageNo}
        {rows ? ` · ${rows} row${rows === 1 ? '' : 's'}` : ''}
        {nextCursor ? ' · more follow' : ''}
      </Text>
      <Group gap="xs">
        {pageSize !== undefined && onPageSize ? (
          <Select
            aria-label="Rows per page"
            data={['25', '50', '100', '200']}
            value={String(pageSize)}
            onChange={(v) => v && onPageSize(Number(v))}
            w={90}
            size="xs"
            allowDeselect={false}
          />
        ) : null}
        <Button size="xs" variant="default" leftSection={<IconChevronLeft size={14} aria-hidden />} disabled={pageNo <= 1 || loading} onClick={onPrev}>
          Previous
        </Button>
        <Button size="xs" variant="default" rightSection={<IconChevronRight size={14} aria-hidden />} disabled={!nextCursor || loading} onClick={() => nextCursor && onNext(nextCursor)}>
          Next
        </Button>
      </Group>
    </Group>
  );
}
