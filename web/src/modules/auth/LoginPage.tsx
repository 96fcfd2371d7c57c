// Sign in: POST /api/v1/auth/login sets the session cookie and returns the CSRF token the app
// sends as x-csrf-token on every write.

import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconClipboardList } from '@tabler/icons-react';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, call, setCsrfToken } from '../../shared/api/client';
import type { LoginAnswer } from '../../shared/api/types';
import { splitFieldErrors } from '../../shared/forms/field-errors';
import { useSession } from '../../app/session';

export default function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { username: '', password: '' }, validate: { username: (v) => (v.trim() ? null : 'Enter your user name'), password: (v) => (v ? null : 'Enter your password') } });

  if (session.status === 'signed-in' || session.status === 'open') return <Navigate to={next} replace />;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    setBusy(true);
    try {
      const res = await call<LoginAnswer>('login', { body: { username: values.username.trim(), password: values.password } });
      setCsrfToken(res.csrfToken);
      await session.refresh();
      navigate(next, { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        const { fields, other } = splitFieldErrors(e.problem.errors, (p) => p === 'username' || p === 'password');
        form.setErrors(fields);
        setError(e.status === 401 || e.status === 403 ? (e.problem.detail || 'The user name or password is not right.') : other[0] ?? e.problem.detail);
      } else setError('The server could not be reached.');
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" bg="gray.1" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} radius="md" component="main">
        <form onSubmit={submit} noValidate aria-labelledby="login-title">
          <Stack>
            <Stack gap={4} align="center">
              <IconClipboardList size={36} aria-hidden />
              <Title order={1} fz="h3" id="login-title">
                Sign in to Stockroom
              </Title>
              <Text size="sm" c="dimmed">
                Inventory control for the plant
              </Text>
            </Stack>
            {error ? (
              <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert">
                {error}
              </Alert>
            ) : null}
            <TextInput label="User name" autoComplete="username" required {...form.getInputProps('username')} data-autofocus autoFocus />
            <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
            <Button type="submit" loading={busy} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

/** Only paths inside the app: an open redirect through ?next= would be a phishing aid. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
