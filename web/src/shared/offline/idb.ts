// The device's own storage (IndexedDB through `idb`): the outbox of writes waiting for the network,
// and a small cache of answers (a count task's sheet) so that a screen still has its data with the
// network down. Where IndexedDB cannot be opened (some private modes), both fall back to memory for
// the life of the page, and say so.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { memoryStore, type OutboxEntry, type OutboxStore } from './outbox';

interface OfflineDb extends DBSchema {
  outbox: { key: string; value: OutboxEntry<unknown>; indexes: { owner: string } };
  cache: { key: string; value: { key: string; value: unknown; savedAt: string } };
}

const DB_NAME = 'stockroom-offline';
let dbPromise: Promise<IDBPDatabase<OfflineDb> | null> | null = null;

function db(): Promise<IDBPDatabase<OfflineDb> | null> {
  dbPromise ??= (typeof indexedDB === 'undefined'
    ? Promise.resolve(null)
    : openDB<OfflineDb>(DB_NAME, 1, {
        upgrade(d) {
          const outbox = d.createObjectStore('outbox', { keyPath: 'key' });
          outbox.createIndex('owner', 'owner');
          d.createObjectStore('cache', { keyPath: 'key' });
        },
      })
  ).catch(() => null);
  return dbPromise;
}

/** Whether the device keeps its queue across reloads (false: memory only). */
export async function persistentStorage(): Promise<boolean> {
  return (await db()) !== null;
}

/** The outbox store of one owner in IndexedDB (memory when IndexedDB is missing). */
export function idbOutboxStore<B>(owner: string): OutboxStore<B> {
  const fallback = memoryStore<B>();
  return {
    async all() {
      const d = await db();
      if (!d) return fallback.all();
      return (await d.getAllFromIndex('outbox', 'owner', owner)) as OutboxEntry<B>[];
    },
    async put(entry) {
      const d = await db();
      if (!d) return fallback.put(entry);
      await d.put('outbox', entry as OutboxEntry<unknown>);
    },
    async remove(keys) {
      const d = await db();
      if (!d) return fallback.remove(keys);
      const tx = d.transaction('outbox', 'readwrite');
      await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
    },
  };
}

const memoryCache = new Map<string, { value: unknown; savedAt: string }>();

export async function cachePut(key: string, value: unknown): Promise<void> {
  const savedAt = new Date().toISOString();
  const d = await db();
  if (!d) {
    memoryCache.set(key, { value, savedAt });
    return;
  }
  await d.put('cache', { key, value, savedAt });
}

export async function cacheGet<T>(key: string): Promise<{ value: T; savedAt: string } | null> {
  const d = await db();
  const row = d ? await d.get('cache', key) : memoryCache.get(key);
  return row ? { value: row.value as T, savedAt: row.savedAt } : null;
}
