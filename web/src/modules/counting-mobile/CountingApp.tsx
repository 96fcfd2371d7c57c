// The counter's phone screen (SPEC §7): my tasks → a task bin by bin in walk order → count per line,
// by keyboard-wedge scanner, camera or by hand; every count is queued on the device first and sent by
// the sync loop, so that counting goes on with the network down. A screen of its own, outside the
// desktop shell: a narrow header with the queue badge, and the thumb's actions at the bottom.

import { useEffect, useMemo } from 'react';
import { Route, Routes } from 'react-router-dom';
import { useSession } from '../../app/session';
import { useOnlineKick } from '../../shared/offline/useOutbox';
import type { Outbox } from '../../shared/offline/outbox';
import { journalFor, outboxFor } from './device';
import { DeviceContext, type CounterDevice } from './shell';
import MyTasksPage from './MyTasksPage';
import TaskPage from './TaskPage';

export default function CountingApp() {
  const session = useSession();
  const owner = session.me?.userId != null ? `user-${session.me.userId}` : session.me ? `${session.me.kind}-${session.me.id}` : 'open';
  const device = useMemo<CounterDevice>(() => ({ owner, outbox: outboxFor(owner), journal: journalFor(owner) }), [owner]);
  useOnlineKick(device.outbox as Outbox<unknown>);
  useEffect(() => {
    document.title = 'Counting · Stockroom';
  }, []);
  return (
    <DeviceContext.Provider value={device}>
      <Routes>
        <Route index element={<MyTasksPage />} />
        <Route path=":taskId" element={<TaskPage />} />
      </Routes>
    </DeviceContext.Provider>
  );
}

