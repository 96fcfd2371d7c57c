// A counter (who may count but not read the ledger) lands on their count tasks, not on the dashboard:
// redirected before the desktop shell mounts (and calls what a counter has no use for). Kept apart
// from the counting screens so that the app's first chunk gains only these few lines.

import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from '../../app/session';

export function CounterLanding({ children }: { children: ReactNode }) {
  const s = useSession();
  const loc = useLocation();
  if (loc.pathname === '/' && s.status === 'signed-in' && s.can('counting.count') && !s.can('ledger.read')) return <Navigate to="/count" replace />;
  return <>{children}</>;
}
