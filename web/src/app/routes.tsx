// Routes, each screen in a chunk of its own (loaded on first visit), inside the app shell.

import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router-dom';
import { Center, Loader } from '@mantine/core';
import { AppLayout } from './AppLayout';
import { useSession } from './session';
import { RouteError } from './RouteError';

const LoginPage = lazy(() => import('../modules/auth/LoginPage'));
const DashboardPage = lazy(() => import('../modules/dashboard/DashboardPage'));
const ItemsPage = lazy(() => import('../modules/items/ItemsPage'));
const ItemDetailPage = lazy(() => import('../modules/items/ItemDetailPage'));
const LocationsPage = lazy(() => import('../modules/locations/LocationsPage'));
const LotsPage = lazy(() => import('../modules/lots/LotsPage'));
const StockPage = lazy(() => import('../modules/stock/StockPage'));
const MovementsPage = lazy(() => import('../modules/movements/MovementsPage'));
const MovementDetailPage = lazy(() => import('../modules/movements/MovementDetailPage'));
const PostMovementPage = lazy(() => import('../modules/movements/PostMovementPage'));
const ValuationPage = lazy(() => import('../modules/valuation/ValuationPage'));

const fallback = (
  <Center py="xl">
    <Loader aria-label="Loading" />
  </Center>
);

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={fallback}>{children}</Suspense>;
}

function RequireSession({ children }: { children: ReactNode }) {
  const s = useSession();
  const loc = useLocation();
  if (s.status === 'loading') return fallback;
  if (s.status === 'signed-out') return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}

export const router = createBrowserRouter([
  { path: '/login', element: <Page><LoginPage /></Page>, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Page><DashboardPage /></Page> },
      { path: 'items', element: <Page><ItemsPage /></Page> },
      { path: 'items/:sku', element: <Page><ItemDetailPage /></Page> },
      { path: 'locations', element: <Page><LocationsPage /></Page> },
      { path: 'lots', element: <Page><LotsPage /></Page> },
      { path: 'stock', element: <Page><StockPage /></Page> },
      { path: 'movements', element: <Page><MovementsPage /></Page> },
      { path: 'movements/new', element: <Page><PostMovementPage /></Page> },
      { path: 'movements/:id', element: <Page><MovementDetailPage /></Page> },
      { path: 'reports/valuation', element: <Page><ValuationPage /></Page> },
      { path: '*', element: <RouteError notFound /> },
    ],
  },
]);
