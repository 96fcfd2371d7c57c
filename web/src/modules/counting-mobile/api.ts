// The counter's calls, with the device cache behind them: the task list and each task's sheet (with
// the barcodes of its items) are saved on the device when they arrive, and read from there when the
// network is down, so that counting goes on. Only routes that never carry a blind task's book
// quantity are called: my-tasks, the task sheet, items (barcodes, units), the observation batch and
// submit. Never stock, movements, lines or reports.

import { ApiError, call, newIdempotencyKey } from '../../shared/api/client';
import type { Item, Page } from '../../shared/api/types';
import { cacheGet, cachePut } from '../../shared/offline/idb';
import { SendError, type OutboxEntry, type SendResult, type Sender } from '../../shared/offline/outbox';
import type { BatchAnswer, CountTaskSummary, ItemCodes, ObservationBody, SubmitAnswer, TaskSheet } from './types';

export interface Cached<T> {
  data: T;
  /** when the device saved it (ISO) */
  savedAt: string;
  /** read from the device because the server could not be reached */
  fromCache: boolean;
}

export function isNetworkError(e: unknown): boolean {
  return e instanceof ApiError && e.status === 0;
}

/** Network first; the device's copy when the network is down (and only then). */
async function networkFirst<T>(key: string, load: () => Promise<T>): Promise<Cached<T>> {
  try {
    const data = await load();
    const savedAt = new Date().toISOString();
    await cachePut(key, data).catch(() => undefined);
    return { data, savedAt, fromCache: false };
  } catch (e) {
    if (!isNetworkError(e)) throw e;
    const hit = await cacheGet<T>(key);
    if (!hit) throw e;
    return { data: hit.value, savedAt: hit.savedAt, fromCache: true };
  }
}

export function fetchMyTasks(owner: string): Promise<Cached<CountTaskSummary[]>> {
  return networkFirst(`count:${owner}:my-tasks`, async () => {
    const out: CountTaskSummary[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await call<Page<CountTaskSummary>>('counterMyTasks', { query: { limit: 100, cursor } });
      out.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return out;
  });
}

export interface TaskData {
  sheet: TaskSheet;
  /** barcodes and units of the task's items, by SKU */
  items: Record<string, ItemCodes>;
}

/** A blind task's sheet as the screen keeps it: no book figure, even if a server ever sent one. */
export function sanitizeSheet(sheet: TaskSheet): TaskSheet {
  if (!sheet.blind) return sheet;
  return {
    ...sheet,
    lines: sheet.lines.map((l) => {
      const { systemQty: _drop, ...rest } = l;
      return {
        ...rest,
        lastReceipt: l.lastReceipt ? { at: l.lastReceipt.at } : null,
        lastShipment: l.lastShipment ? { at: l.lastShipment.at } : null,
      };
    }),
  };
}

export function toItemCodes(i: Item): ItemCodes {
  return { sku: i.sku, description: i.description, baseUom: i.baseUom, gtin: i.gtin, internalBarcode: i.internalBarcode, lotTracked: i.lotTracked, serialTracked: i.serialTracked, units: i.units.map((u) => ({ uom: u.uom, factor: u.factor, gtin: u.gtin })) };
}

/** The barcodes of some items, four requests at a time; an item that cannot be read is left out. */
async function itemCodes(skus: readonly string[], known: Record<string, ItemCodes>): Promise<Record<string, ItemCodes>> {
  const out: Record<string, ItemCodes> = {};
  const todo = skus.filter((s) => {
    const k = known[s];
    if (k) out[s] = k;
    return !k;
  });
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const sku = todo[next++] as string;
      try {
        out[sku] = toItemCodes(await call<Item>('getItem', { params: { sku } }));
      } catch (e) {
        if (isNetworkError(e)) throw e;
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out;
}

export async function fetchTask(owner: string, taskId: number): Promise<Cached<TaskData>> {
  const key = `count:${owner}:task:${taskId}`;
  const before = await cacheGet<TaskData>(key).catch(() => null);
  return networkFirst(key, async () => {
    const sheet = sanitizeSheet(await call<TaskSheet>('counterTaskSheet', { params: { id: taskId } }));
    const items = await itemCodes([...new Set(sheet.lines.map((l) => l.sku))], before?.value.items ?? {});
    return { sheet, items };
  });
}

/** Looks an item up by what was scanned or typed (SKU, description, GTIN where the API matches it). */
export async function searchItems(q: string): Promise<ItemCodes[]> {
  const page = await call<Page<Item>>('listItems', { query: { q, status: 'active', limit: 20 } });
  return page.items.map(toItemCodes);
}

/** The item whose GTIN (or a unit's GTIN) this is, if the item search finds it. */
export async function findItemByGtin(gtin14: string, normalize: (g: string) => string | null): Promise<ItemCodes | null> {
  const candidates = new Map<string, ItemCodes>();
  for (const q of new Set([gtin14, gtin14.replace(/^0+/, '')])) {
    for (const i of await searchItems(q)) candidates.set(i.sku, i);
  }
  for (const i of candidates.values()) {
    if ((i.gtin && normalize(i.gtin) === gtin14) || i.units.some((u) => u.gtin && normalize(u.gtin) === gtin14)) return i;
  }
  return null;
}

/** Sends queued observations (POST /counting/observations/batch) and sorts the answer per entry. */
export const sendObservations: Sender<ObservationBody> = async (entries: readonly OutboxEntry<ObservationBody>[]): Promise<SendResult[]> => {
  let answer: BatchAnswer;
  try {
    answer = await call<BatchAnswer>('counterSendObservations', { body: { observations: entries.map((e) => e.body) } });
  } catch (e) {
    if (!(e instanceof ApiError)) throw new SendError('retry', { code: 'network', detail: (e as Error).message });
    const rejection = { code: e.problem.code, detail: e.problem.detail, errors: e.problem.errors };
    if (e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500) throw new SendError('retry', rejection);
    if (e.status === 401) throw new SendError('fatal', { ...rejection, detail: 'Your session has ended: sign in again to send the counts waiting on this phone.' });
    if (e.status === 403 && entries.length === 1) throw new SendError('invalid', rejection);
    if (e.status === 403) throw new SendError('fatal', rejection);
    throw new SendError('invalid', rejection);
  }
  return answer.results.map((r): SendResult =>
    r.status === 'rejected'
      ? { key: r.clientKey, status: 'rejected', code: r.code, detail: r.detail, ...(r.errors ? { errors: r.errors } : {}) }
      : { key: r.clientKey, status: 'done' });
};

export function submitTask(taskId: number): Promise<SubmitAnswer> {
  return call<SubmitAnswer>('counterSubmitTask', { params: { id: taskId }, idempotencyKey: newIdempotencyKey() });
}

/** This device's name in the observations it sends (kept in localStorage). */
export function deviceName(): string {
  const KEY = 'stockroom.device';
  let id = localStorage.getItem(KEY);
  if (!id) {
    id = `phone-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(KEY, id);
  }
  return id;
}
