import { Alert, Anchor, Container } from '@mantine/core';
import { Link, useRouteError } from 'react-router-dom';

export function RouteError({ notFound }: { notFound?: boolean }) {
  const err = useRouteError() as Error | undefined;
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title={notFound ? 'Page not found' : 'This screen failed'} role="alert">
        {notFound ? 'There is no screen at this address.' : (err?.message ?? 'An unexpected error occurred.')}{' '}
        <Anchor component={Link} to="/">
          Back to the dashboard
        </Anchor>
      </Alert>
    </Container>
  );
}
