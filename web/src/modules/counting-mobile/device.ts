// The counter's device state: one outbox of observations per signed-in user (IndexedDB, sent by the
// sync loop), and a journal of what this device counted per task, so that a line shows as counted
// at once, offline too, before the server has heard of it.

import { useSyncExternalStore } from 'react';
import { cacheGet, cachePut, idbOutboxStore } from '../../shared/offline/idb';
import { Outbox } from '../../shared/offline/outbox';
import { sendObservations } from './api';
import type { ObservationBody } from './types';

const outboxes = new Map<string, Outbox<ObservationBody>>();

export function outboxFor(owner: string): Outbox<ObservationBody> {
  let o = outboxes.get(owner);
  if (!o) {
    o = new Outbox<ObservationBody>({
      store: idbOutboxStore<ObservationBody>(owner),
      send: sendObservations,
      owner,
      batchSize: 100,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      isOnline: () => navigator.onLine,
    });
    outboxes.set(owner, o);
  }
  return o;
}

export interface JournalEntry {
  clientKey: string;
  lineId: number | null;
  /** for an unexpected item: what was found where */
  sku: string;
  location: string;
  qty: string | null;
  unit: string | null;
  lot: string | null;
  binEmpty: boolean;
  at: string;
}

/** What this device counted, per task; kept on the device until the task is submitted. */
export class Journal {
  private data = new Map<number, JournalEntry[]>();
  private listeners = new Set<() => void>();
  private version = 0;
  private loaded = new Set<number>();

  constructor(private readonly owner: string) {}

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getVersion = () => this.version;

  private key(taskId: number) {
    return `count:${this.owner}:journal:${taskId}`;
  }

  private changed() {
    this.version++;
    for (const l of this.listeners) l();
  }

  async load(taskId: number): Promise<void> {
    if (this.loaded.has(taskId)) return;
    this.loaded.add(taskId);
    const hit = await cacheGet<JournalEntry[]>(this.key(taskId)).catch(() => null);
    if (hit) {
      const mine = this.data.get(taskId) ?? [];
      const keys = new Set(mine.map((e) => e.clientKey));
      this.data.set(taskId, [...hit.value.filter((e) => !keys.has(e.clientKey)), ...mine]);
      this.changed();
    }
  }

  entries(taskId: number): readonly JournalEntry[] {
    return this.data.get(taskId) ?? [];
  }

  async add(taskId: number, e: JournalEntry): Promise<void> {
    const list = [...this.entries(taskId), e];
    this.data.set(taskId, list);
    this.changed();
    await cachePut(this.key(taskId), list).catch(() => undefined);
  }

  async remove(taskId: number, clientKey: string): Promise<void> {
    const list = this.entries(taskId).filter((e) => e.clientKey !== clientKey);
    this.data.set(taskId, list);
    this.changed();
    await cachePut(this.key(taskId), list).catch(() => undefined);
  }

  async clear(taskId: number): Promise<void> {
    this.data.delete(taskId);
    this.changed();
    await cachePut(this.key(taskId), []).catch(() => undefined);
  }
}

const journals = new Map<string, Journal>();

export function journalFor(owner: string): Journal {
  let j = journals.get(owner);
  if (!j) {
    j = new Journal(owner);
    journals.set(owner, j);
  }
  return j;
}

/** Re-renders when the journal changes; returns its version. */
export function useJournal(j: Journal): number {
  return useSyncExternalStore(j.subscribe, j.getVersion);
}
