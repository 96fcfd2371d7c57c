// Routes, each screen in a chunk of its own (loaded on first visit), inside the app shell.

import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router-dom';
import { Center, Loader } from '@mantine/core';
import { AppLayout } from './AppLayout';
import { useSession } from './session';
import { RouteError } from './RouteError';
import { CounterLanding } from '../modules/counting-mobile/CounterLanding';

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
const CountReviewPage = lazy(() => import('../modules/counting/ReviewPage'));
const CountLinePage = lazy(() => import('../modules/counting/LineDetailPage'));
const CountApprovalsPage = lazy(() => import('../modules/counting/ApprovalsPage'));
const InvestigationsPage = lazy(() => import('../modules/counting/InvestigationsPage'));
const InvestigationPage = lazy(() => import('../modules/counting/InvestigationPage'));
const CountSchedulePage = lazy(() => import('../modules/counting/SchedulePage'));
const AssignmentPage = lazy(() => import('../modules/counting/AssignmentPage'));
const CountPolicyPage = lazy(() => import('../modules/counting/PolicyPage'));
const CountReportPage = lazy(() => import('../modules/reports/CountReportPage'));
const CountHistoryPage = lazy(() => import('../modules/reports/CountHistoryPage'));
const NotificationsPage = lazy(() => import('../modules/notifications/NotificationsPage'));
const AuditPage = lazy(() => import('../modules/audit/AuditPage'));
const UsersPage = lazy(() => import('../modules/admin/UsersPage'));
const TokensPage = lazy(() => import('../modules/admin/TokensPage'));
const CountingApp = lazy(() => import('../modules/counting-mobile/CountingApp'));

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
  // the counter's phone screen: full screen, outside the desktop shell
  { path: '/count/*', element: <RequireSession><Page><CountingApp /></Page></RequireSession>, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <CounterLanding>
          <AppLayout />
        </CounterLanding>
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
      { path: 'counting/review', element: <Page><CountReviewPage /></Page> },
      { path: 'counting/lines/:id', element: <Page><CountLinePage /></Page> },
      { path: 'counting/approvals', element: <Page><CountApprovalsPage /></Page> },
      { path: 'counting/investigations', element: <Page><InvestigationsPage /></Page> },
      { path: 'counting/investigations/:id', element: <Page><InvestigationPage /></Page> },
      { path: 'counting/schedule', element: <Page><CountSchedulePage /></Page> },
      { path: 'counting/assign', element: <Page><AssignmentPage /></Page> },
      { path: 'counting/policy', element: <Page><CountPolicyPage /></Page> },
      { path: 'reports/counts', element: <Page><CountReportPage /></Page> },
      { path: 'reports/count-history', element: <Page><CountHistoryPage /></Page> },
      { path: 'notifications', element: <Page><NotificationsPage /></Page> },
      { path: 'audit', element: <Page><AuditPage /></Page> },
      { path: 'admin/users', element: <Page><UsersPage /></Page> },
      { path: 'admin/tokens', element: <Page><TokensPage /></Page> },
      { path: '*', element: <RouteError notFound /> },
    ],
  },
]);
