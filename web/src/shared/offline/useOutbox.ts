// React glue: the outbox state as a hook, and the browser's online/offline events wired to the loop.

import { useEffect, useSyncExternalStore } from 'react';
import type { Outbox, OutboxState } from './outbox';

export function useOutboxState<B>(outbox: Outbox<B>): OutboxState<B> {
  return useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
}

/** Sends again when the browser comes back online (and when the page becomes visible again). */
export function useOnlineKick(outbox: Outbox<unknown> | null): void {
  useEffect(() => {
    if (!outbox) return;
    const online = () => outbox.kick();
    const offline = () => outbox.wentOffline();
    const visible = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) outbox.kick();
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    document.addEventListener('visibilitychange', visible);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [outbox]);
}

/** navigator.onLine as state. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('online', cb);
      window.addEventListener('offline', cb);
      return () => {
        window.removeEventListener('online', cb);
        window.removeEventListener('offline', cb);
      };
    },
    () => navigator.onLine,
  );
}
