import { Alert, Center, Loader } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError } from '../api/client';

/** Loading and error states of a query, in one place so that every screen says the same. */
export function QueryState({ isLoading, error }: { isLoading: boolean; error: unknown }) {
  if (error) {
    const detail = error instanceof ApiError ? error.problem.detail : error instanceof Error ? error.message : String(error);
    const title = error instanceof ApiError ? error.problem.title : 'Something went wrong';
    return (
      <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert" my="sm">
        {detail}
      </Alert>
    );
  }
  if (isLoading) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  return null;
}
