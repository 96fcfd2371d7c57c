// A year in the life of the demo plant, simulated in memory before anything is posted: opening
// balances, purchase receipts and put-away, production orders (component issue, output, scrap),
// finished goods moving to the warehouse, customer shipments and returns, maintenance work orders,
// inspection holds, returns to suppliers and adjustments. The simulation keeps its own stock book,
// exactly as the ledger does (integers in each item's smallest unit), so every movement it emits is
// one the ledger accepts: no negative stock, lots first-expiring first, serials one at a time.
//
// Demand is Zipf-shaped per finished good and per MRO spare, and raw materials inherit it through the
// BOMs, so consumption value comes out with the ABC shape real plants show.

import { formatMoney, formatUnits } from '../../kernel/decimal.js';
import { assert } from '../../kernel/errors.js';
import type { MovementInput, MovementLineInput, MovementType } from '../ledger/index.js';
import { Rng, WeightedPicker } from './demo.random.js';
import type { DemoPlan, PlanBom, PlanItem, SimMovement } from './demo.types.js';

const DAY_MS = 86_400_000;

const ACTORS = {
  storekeeper: ['demo:storekeeper.ana', 'demo:storekeeper.ben', 'demo:storekeeper.chen'],
  production: ['demo:production.line1', 'demo:production.line2'],
  shipping: ['demo:shipping.dora', 'demo:shipping.emil'],
  maintenance: ['demo:maintenance.farid', 'demo:maintenance.gwen'],
  quality: ['demo:quality.hana'],
  manager: ['demo:inventory-manager.ivan'],
} as const;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

interface LotInfo {
  readonly expiresOn: string | null;
}

/** The simulation's stock book: item → bin → lot ('' when untracked) → quantity in smallest units. */
class StockBook {
  private readonly m = new Map<number, Map<string, Map<string, number>>>();
  readonly lotInfo = new Map<number, Map<string, LotInfo>>();

  qty(item: number, bin: string, lot = ''): number {
    return this.m.get(item)?.get(bin)?.get(lot) ?? 0;
  }
  binQty(item: number, bin: string): number {
    let s = 0;
    for (const q of this.m.get(item)?.get(bin)?.values() ?? []) s += q;
    return s;
  }
  total(item: number): number {
    let s = 0;
    for (const lots of this.m.get(item)?.values() ?? []) for (const q of lots.values()) s += q;
    return s;
  }
  bins(item: number): [string, Map<string, number>][] {
    return [...(this.m.get(item)?.entries() ?? [])];
  }
  add(item: number, bin: string, lot: string, q: number): void {
    assert(Number.isSafeInteger(q) && q > 0, 'positive whole quantity');
    let bins = this.m.get(item);
    if (!bins) this.m.set(item, (bins = new Map()));
    let lots = bins.get(bin);
    if (!lots) bins.set(bin, (lots = new Map()));
    lots.set(lot, (lots.get(lot) ?? 0) + q);
  }
  take(item: number, bin: string, lot: string, q: number): void {
    const lots = this.m.get(item)?.get(bin);
    const have = lots?.get(lot) ?? 0;
    assert(lots && Number.isSafeInteger(q) && q > 0 && have >= q, `stock book: take ${q} of item ${item} from ${bin}/${lot}, have ${have}`);
    if (have === q) lots.delete(lot);
    else lots.set(lot, have - q);
  }
  /** lots in a bin, first-expiring first; expired ones left out unless asked for */
  lotsAt(item: number, bin: string, today: string, includeExpired = false): [string, number][] {
    const lots = this.m.get(item)?.get(bin);
    if (!lots) return [];
    const info = this.lotInfo.get(item);
    return [...lots.entries()]
      .filter(([lot, q]) => {
        if (q <= 0) return false;
        const exp = info?.get(lot)?.expiresOn;
        return includeExpired || !exp || exp >= today;
      })
      .sort(([a], [b]) => {
        const ea = info?.get(a)?.expiresOn ?? '9999';
        const eb = info?.get(b)?.expiresOn ?? '9999';
        return ea < eb ? -1 : ea > eb ? 1 : a < b ? -1 : a > b ? 1 : 0;
      });
  }
  /** usable (unexpired) quantity of an item in a bin */
  usable(item: number, bin: string, today: string): number {
    return this.lotsAt(item, bin, today).reduce((s, [, q]) => s + q, 0);
  }
}

interface PoLine {
  readonly item: number;
  readonly qty: number;
}

interface OpenPo {
  readonly no: string;
  readonly supplier: string;
  readonly dueDay: number;
  readonly lines: PoLine[];
}

interface Hold {
  readonly item: number;
  readonly bin: string;
  readonly lot: string;
  readonly qty: number;
  readonly releaseDay: number;
  readonly reject: boolean;
  readonly doc: string;
}

interface Expected {
  /** expected use per working day, smallest units */
  perDay: number;
  reorderAt: number;
  lotSize: number;
}

export interface HistoryOptions {
  /** the end of history (default: now); the last simulated day is this date */
  readonly now: Date;
}

export class DemoHistory {
  private readonly rng: Rng;
  private readonly items: readonly PlanItem[];
  private readonly bomOf = new Map<number, PlanBom>();
  private readonly book = new StockBook();
  private readonly expected = new Map<number, Expected>();
  private readonly onOrder = new Map<number, number>();
  private readonly pos: OpenPo[] = [];
  private readonly holds: Hold[] = [];
  private readonly recentShipments: { item: number; qty: number; doc: string }[] = [];
  private readonly lotSeq = new Map<number, number>();
  private readonly docSeq = new Map<string, number>();
  private readonly bins: Record<'rmDock' | 'rmQa' | 'eol' | 'fgStg' | 'fgQa', () => string>;
  private readonly fgPicker: WeightedPicker;
  private readonly fgList: number[];
  private readonly mroPicker: WeightedPicker;
  private readonly mroList: number[];
  private readonly factor: number;
  private readonly ordersPerDay: number;
  private readonly workOrdersPerDay: number;
  private readonly startMs: number;
  private readonly endMs: number;
  private readonly days: number;
  private day = 0;
  private today = '';
  private pending: { actor: string; input: MovementInput }[] = [];
  readonly out: SimMovement[] = [];

  constructor(private readonly plan: DemoPlan, opts: HistoryOptions) {
    this.rng = new Rng(plan.scale.seed ^ 0x5eed);
    this.items = plan.items;
    for (const b of plan.boms) this.bomOf.set(b.parent, b);
    const binsOf = (role: string, wh: string) => plan.locations.filter((l) => l.kind === 'bin' && !l.blocked && l.role === role && l.code.startsWith(wh + '-')).map((l) => l.code);
    const rr = (list: string[]) => {
      let i = 0;
      assert(list.length > 0, 'bins for a role');
      return () => list[i++ % list.length] as string;
    };
    this.bins = { rmDock: rr(binsOf('rcv', 'P1-RM')), rmQa: rr(binsOf('qa', 'P1-RM')), eol: rr(binsOf('eol', 'P1-RM')), fgStg: rr(binsOf('stg', 'P1-FG')), fgQa: rr(binsOf('qa', 'P1-FG')) };
    this.fgList = this.items.filter((i) => i.type === 'finished' && i.status === 'active' && this.bomOf.has(i.idx)).map((i) => i.idx);
    this.fgPicker = new WeightedPicker(this.fgList.map((i) => (this.items[i] as PlanItem).weight));
    this.mroList = this.items.filter((i) => i.type === 'mro' && i.status === 'active').map((i) => i.idx);
    this.mroPicker = new WeightedPicker(this.mroList.map((i) => (this.items[i] as PlanItem).weight));
    this.factor = Math.max(0.08, plan.items.length / 1500);
    this.ordersPerDay = Math.max(3, 14 * this.factor);
    this.workOrdersPerDay = Math.max(2, 10 * this.factor);
    this.days = Math.max(2, plan.scale.days);
    const endDay = Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth(), opts.now.getUTCDate());
    this.startMs = endDay - (this.days - 1) * DAY_MS;
    this.endMs = opts.now.getTime() - 60_000;
    this.computeExpected();
  }

  // ---------- expectations: what each item is expected to use, from demand down the BOMs ----------

  private computeExpected(): void {
    const perDay = new Map<number, number>();
    const add = (i: number, q: number) => perDay.set(i, (perDay.get(i) ?? 0) + q);
    const linesPerOrder = 2.3;
    const totalFg = this.fgList.reduce((s, i) => s + (this.items[i] as PlanItem).weight, 0);
    for (const i of this.fgList) {
      const it = this.items[i] as PlanItem;
      add(i, this.ordersPerDay * linesPerOrder * (it.weight / totalFg) * it.typicalQty);
    }
    const explode = (type: 'finished' | 'wip') => {
      for (const it of this.items) {
        if (it.type !== type) continue;
        const d = perDay.get(it.idx) ?? 0;
        const bom = this.bomOf.get(it.idx);
        if (!bom || d === 0) continue;
        for (const l of bom.lines) add(l.item, d * l.qtyPerUnits * (1 + l.scrapTenths / 1000));
      }
    };
    explode('finished');
    explode('wip');
    const totalMro = this.mroList.reduce((s, i) => s + (this.items[i] as PlanItem).weight, 0);
    for (const i of this.mroList) {
      const it = this.items[i] as PlanItem;
      add(i, this.workOrdersPerDay * 1.6 * (it.weight / totalMro) * it.typicalQty);
    }
    for (const it of this.items) {
      const d = it.status === 'active' ? (perDay.get(it.idx) ?? 0) : 0;
      const one = 10 ** it.qtyScale;
      let reorderAt: number;
      let lotSize: number;
      if (it.type === 'finished' || it.type === 'wip') {
        reorderAt = Math.ceil(d * 4);
        lotSize = Math.max(it.typicalQty * 2, Math.ceil(d * this.rng.range(15, 25)));
      } else {
        const sup = this.plan.suppliers.find((s) => s.code === it.supplier);
        const leadWorkDays = ((sup?.leadTimeDays ?? 10) * 5) / 7;
        const safety = it.criticality === 'critical' ? 10 : 5;
        reorderAt = Math.max(it.criticality === 'critical' ? one : 0, Math.ceil(d * (leadWorkDays + safety)));
        lotSize = this.roundToPack(it, Math.max(Math.ceil(d * this.rng.range(20, 45)), it.typicalQty));
      }
      this.expected.set(it.idx, { perDay: d, reorderAt, lotSize });
    }
  }

  private roundToPack(it: PlanItem, q: number): number {
    const pack = it.packUnits;
    return Math.max(pack, Math.ceil(q / pack) * pack);
  }

  // ---------- emitting movements ----------

  private doc(prefix: string): string {
    const n = (this.docSeq.get(prefix) ?? 0) + 1;
    this.docSeq.set(prefix, n);
    return `${prefix}-${String(n).padStart(6, '0')}`;
  }

  private actor(kind: keyof typeof ACTORS): string {
    return this.rng.pick(ACTORS[kind]);
  }

  /** A line's quantity as entered: whole packs in the pack unit now and then, small weights in grams. */
  private entered(it: PlanItem, units: number): { qty: string; unit?: string } {
    for (const u of it.units) {
      if (u.factorUnits !== null && u.factorUnits > 1 && units % u.factorUnits === 0 && this.rng.chance(0.7)) return { qty: String(units / u.factorUnits), unit: u.uom };
    }
    if (it.qtyScale === 3 && units < 1000 && it.units.some((u) => u.factorUnits === 1) && this.rng.chance(0.5)) {
      const small = it.units.find((u) => u.factorUnits === 1) as { uom: string };
      return { qty: String(units), unit: small.uom };
    }
    return { qty: formatUnits(BigInt(units), it.qtyScale) };
  }

  private line(it: PlanItem, units: number, extra: Omit<MovementLineInput, 'item' | 'qty'>): MovementLineInput {
    return { item: it.sku, ...this.entered(it, units), ...extra };
  }

  private emit(actor: string, type: MovementType, lines: MovementLineInput[], extra: Omit<MovementInput, 'type' | 'lines'> = {}): void {
    if (lines.length === 0) return;
    // The ledger takes at most MAX_LINES per movement; the demo stays far below.
    for (let i = 0; i < lines.length; i += 200) this.pending.push({ actor, input: { type, lines: lines.slice(i, i + 200), ...extra } });
  }

  /** Spreads the day's movements over the working day (06:00–18:00 UTC), in the order they happened. */
  private closeDay(): void {
    const dayStart = this.startMs + this.day * DAY_MS;
    let from = dayStart + 6 * 3_600_000;
    let to = Math.min(dayStart + 18 * 3_600_000, this.endMs);
    if (to <= from) {
      from = dayStart;
      to = Math.max(dayStart + 1, this.endMs);
    }
    const n = this.pending.length;
    const step = (to - from) / Math.max(1, n);
    let prev = 0;
    this.pending.forEach((p, i) => {
      let t = Math.floor(from + step * (i + 0.2 + 0.6 * this.rng.next()));
      if (t <= prev) t = prev + 1;
      prev = t;
      this.out.push({ at: new Date(t), actor: p.actor, input: p.input });
    });
    this.pending = [];
  }

  // ---------- stock moves that keep the book in step ----------

  /** Takes up to `want` from a bin, first-expiring lots first; returns the lines' (lot, qty). */
  private takeFrom(it: PlanItem, bin: string, want: number): [string, number][] {
    const got: [string, number][] = [];
    let left = want;
    if (it.serialTracked || it.lotTracked) {
      for (const [lot, q] of this.book.lotsAt(it.idx, bin, this.today)) {
        if (left <= 0) break;
        const t = it.serialTracked ? Math.min(1, q) : Math.min(q, left);
        this.book.take(it.idx, bin, lot, t);
        got.push([lot, t]);
        left -= t;
      }
    } else {
      const t = Math.min(this.book.qty(it.idx, bin), left);
      if (t > 0) {
        this.book.take(it.idx, bin, '', t);
        got.push(['', t]);
      }
    }
    return got;
  }

  private newLot(it: PlanItem, expiresOn: string | null): string {
    const n = (this.lotSeq.get(it.idx) ?? 0) + 1;
    this.lotSeq.set(it.idx, n);
    const d = this.today.replace(/-/g, '').slice(2);
    const lot = it.serialTracked ? `SN${it.sku.replace(/\D/g, '')}-${String(n).padStart(4, '0')}` : `L${d}-${String(n).padStart(3, '0')}`;
    let info = this.book.lotInfo.get(it.idx);
    if (!info) this.book.lotInfo.set(it.idx, (info = new Map()));
    info.set(lot, { expiresOn });
    return lot;
  }

  private expiryFor(it: PlanItem, minDays = 0): string | null {
    if (!it.lotTracked || it.shelfLifeDays === null) return null;
    const shelf = it.shelfLifeDays;
    const age = this.rng.int(0, Math.floor(shelf / 5));
    return isoDate(this.startMs + this.day * DAY_MS + Math.max(minDays, shelf - age) * DAY_MS);
  }

  /** Inbound lines for `units` of an item: one lot per line, or one serial per unit. */
  private inboundLines(it: PlanItem, units: number, to: string, unitCost: string | undefined, expiryMinDays = 0): MovementLineInput[] {
    const lines: MovementLineInput[] = [];
    const cost = unitCost !== undefined ? { unitCost } : {};
    if (it.serialTracked) {
      for (let k = 0; k < units; k++) {
        const lot = this.newLot(it, null);
        this.book.add(it.idx, to, lot, 1);
        lines.push({ item: it.sku, qty: '1', to, lot, ...cost });
      }
    } else if (it.lotTracked) {
      const exp = this.expiryFor(it, expiryMinDays);
      const lot = this.newLot(it, exp);
      this.book.add(it.idx, to, lot, units);
      lines.push({ ...this.line(it, units, { to, lot, ...cost }), ...(exp ? { lotExpiry: exp } : {}), supplierLot: `S${this.rng.int(100000, 999999)}` });
    } else {
      this.book.add(it.idx, to, '', units);
      lines.push(this.line(it, units, { to, ...cost }));
    }
    return lines;
  }

  private receiptCost(it: PlanItem): string {
    // prices move ±10 % around the reference cost from one delivery to the next
    return formatMoney(BigInt(Math.max(1, Math.round(it.unitCostMinor * this.rng.range(0.9, 1.1)))));
  }

  // ---------- the simulated activities ----------

  private openingBalances(): void {
    const bySite = new Map<string, MovementLineInput[]>();
    const push = (bin: string, lines: MovementLineInput[]) => {
      const site = bin.slice(0, 2);
      bySite.set(site, [...(bySite.get(site) ?? []), ...lines]);
    };
    for (const it of this.items) {
      const e = this.expected.get(it.idx) as Expected;
      const cost = formatMoney(BigInt(it.unitCostMinor));
      let units: number;
      if (it.serialTracked) units = this.rng.int(1, 3);
      else if (e.perDay === 0) units = it.status === 'discontinued' || this.rng.chance(0.6) ? this.roundToPack(it, it.typicalQty * this.rng.int(1, 4)) : 0;
      else units = Math.max(10 ** it.qtyScale, Math.ceil(e.reorderAt + e.lotSize * this.rng.range(0.3, 0.9)));
      if (units <= 0) continue;
      if (it.type === 'finished' && it.pickBin) {
        const pick = Math.max(0, Math.min(units - 1, it.typicalQty * 4));
        if (pick > 0) push(it.pickBin, this.inboundLines(it, pick, it.pickBin, cost));
        units -= pick;
      }
      if (it.lineBin && units > 1) {
        const line = Math.floor(units * 0.3);
        if (line > 0) push(it.lineBin, this.inboundLines(it, line, it.lineBin, cost));
        units -= line;
      }
      if (it.lotTracked && units >= 2 && this.rng.chance(0.6)) {
        // an older lot, some of them close to expiry or expiring during the year
        const old = Math.max(1, Math.floor(units / 3));
        const lots = this.inboundLines(it, old, it.homeBin, cost, 0);
        const info = this.book.lotInfo.get(it.idx);
        const lotNo = lots[0]?.lot as string;
        const early = isoDate(this.startMs + this.rng.int(20, Math.max(25, Math.min(400, (it.shelfLifeDays ?? 60) / 2))) * DAY_MS);
        info?.set(lotNo, { expiresOn: early });
        push(it.homeBin, lots.map((l) => ({ ...l, lotExpiry: early })));
        units -= old;
      }
      push(it.homeBin, this.inboundLines(it, units, it.homeBin, cost));
    }
    for (const [, lines] of [...bySite.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      this.emit(this.actor('manager'), 'opening_balance', lines, { sourceDoc: 'GO-LIVE', note: 'opening balances at go-live' });
    }
  }

  private receive(): void {
    const due = this.pos.filter((p) => p.dueDay <= this.day);
    for (const po of due) {
      this.pos.splice(this.pos.indexOf(po), 1);
      const raw = po.lines.filter((l) => (this.items[l.item] as PlanItem).type !== 'mro');
      const mro = po.lines.filter((l) => (this.items[l.item] as PlanItem).type === 'mro');
      const dock = this.bins.rmDock();
      if (raw.length > 0) {
        const lines = raw.flatMap((l) => {
          const it = this.items[l.item] as PlanItem;
          return this.inboundLines(it, l.qty, dock, this.receiptCost(it));
        });
        this.emit(this.actor('storekeeper'), 'receipt', lines, { sourceDoc: po.no });
        // put-away: to the item's home, or to quarantine for incoming inspection
        const away: MovementLineInput[] = [];
        for (const l of raw) {
          const it = this.items[l.item] as PlanItem;
          const hold = !it.serialTracked && this.rng.chance(0.04);
          const dest = hold ? this.bins.rmQa() : it.homeBin;
          for (const [lot, q] of this.takeFrom(it, dock, l.qty)) {
            this.book.add(it.idx, dest, lot, q);
            away.push(this.line(it, q, { from: dock, to: dest, ...(lot ? { lot } : {}) }));
            if (hold) this.holds.push({ item: it.idx, bin: dest, lot, qty: q, releaseDay: this.day + this.rng.int(2, 5), reject: this.rng.chance(0.25), doc: po.no });
          }
        }
        this.emit(this.actor('storekeeper'), 'transfer', away, { sourceDoc: po.no, note: 'put-away' });
      }
      if (mro.length > 0) {
        const lines = mro.flatMap((l) => {
          const it = this.items[l.item] as PlanItem;
          return this.inboundLines(it, l.qty, it.homeBin, this.receiptCost(it));
        });
        this.emit(this.actor('storekeeper'), 'receipt', lines, { sourceDoc: po.no });
      }
      for (const l of po.lines) this.onOrder.set(l.item, (this.onOrder.get(l.item) ?? 0) - l.qty);
    }
  }

  private releaseHolds(): void {
    const due = this.holds.filter((h) => h.releaseDay <= this.day);
    if (due.length === 0) return;
    const release: MovementLineInput[] = [];
    const reject = new Map<string, MovementLineInput[]>();
    const scrap: MovementLineInput[] = [];
    for (const h of due) {
      this.holds.splice(this.holds.indexOf(h), 1);
      const it = this.items[h.item] as PlanItem;
      const q = Math.min(h.qty, this.book.qty(h.item, h.bin, h.lot));
      if (q <= 0) continue;
      this.book.take(h.item, h.bin, h.lot, q);
      if (h.reject && h.bin.startsWith('P1-FG-')) {
        scrap.push(this.line(it, q, { from: h.bin }));
      } else if (h.reject) {
        reject.set(h.doc, [...(reject.get(h.doc) ?? []), this.line(it, q, { from: h.bin, ...(h.lot ? { lot: h.lot } : {}) })]);
      } else {
        this.book.add(h.item, it.homeBin, h.lot, q);
        release.push(this.line(it, q, { from: h.bin, to: it.homeBin, ...(h.lot ? { lot: h.lot } : {}) }));
      }
    }
    this.emit(this.actor('quality'), 'transfer', release, { note: 'released from quarantine' });
    for (const [doc, lines] of reject) this.emit(this.actor('quality'), 'return_to_supplier', lines, { sourceDoc: doc, note: 'rejected at incoming inspection' });
    this.emit(this.actor('quality'), 'production_scrap', scrap, { note: 'customer returns that failed inspection' });
  }

  /** How much of a component `n` parents need, scrap allowance included (rounded up). */
  private need(qtyPerUnits: number, scrapTenths: number, n: number): number {
    return Math.ceil((qtyPerUnits * n * (1000 + scrapTenths)) / 1000);
  }

  private usable(it: PlanItem): number {
    const at = (bin: string) => (it.lotTracked ? this.book.usable(it.idx, bin, this.today) : this.book.binQty(it.idx, bin));
    return at(it.homeBin) + (it.lineBin ? at(it.lineBin) : 0);
  }

  private readonly producible = new Map<string, PlanItem[]>();

  private produce(type: 'wip' | 'finished'): void {
    let candidates = this.producible.get(type);
    if (!candidates) {
      candidates = this.items.filter((i) => i.type === type && i.status === 'active' && this.bomOf.has(i.idx) && (this.expected.get(i.idx)?.perDay ?? 0) > 0);
      this.producible.set(type, candidates);
    }
    for (const it of this.rng.shuffle([...candidates])) {
      const e = this.expected.get(it.idx) as Expected;
      const onHand = this.book.total(it.idx);
      if (onHand >= Math.max(1, e.reorderAt)) continue;
      const bom = this.bomOf.get(it.idx) as PlanBom;
      let n = e.lotSize;
      for (const l of bom.lines) {
        const c = this.items[l.item] as PlanItem;
        const have = this.usable(c);
        let max = Math.floor((have * 1000) / (l.qtyPerUnits * (1000 + l.scrapTenths)));
        while (max > 0 && this.need(l.qtyPerUnits, l.scrapTenths, max) > have) max--;
        if (max < n) {
          n = max;
          this.expedite(c);
        }
      }
      if (n <= 0) continue;
      const mo = this.doc('MO');
      const actor = this.actor('production');
      // line-side replenishment first, then the kit is issued to the order
      const repl: MovementLineInput[] = [];
      const issue: MovementLineInput[] = [];
      for (const l of bom.lines) {
        const c = this.items[l.item] as PlanItem;
        let need = this.need(l.qtyPerUnits, l.scrapTenths, n);
        if (c.lineBin) {
          const atLine = this.book.qty(c.idx, c.lineBin);
          if (atLine < need) {
            const atHome = this.book.qty(c.idx, c.homeBin);
            const move = Math.min(atHome, need - atLine + c.typicalQty * 2);
            if (move > 0) {
              this.book.take(c.idx, c.homeBin, '', move);
              this.book.add(c.idx, c.lineBin, '', move);
              repl.push(this.line(c, move, { from: c.homeBin, to: c.lineBin }));
            }
          }
          for (const [lot, q] of this.takeFrom(c, c.lineBin, need)) {
            issue.push(this.line(c, q, { from: c.lineBin, ...(lot ? { lot } : {}) }));
            need -= q;
          }
        }
        if (need > 0) {
          for (const [lot, q] of this.takeFrom(c, c.homeBin, need)) {
            issue.push(this.line(c, q, { from: c.homeBin, ...(lot ? { lot } : {}) }));
            need -= q;
          }
        }
        assert(need === 0, `component ${c.sku} fully issued`);
      }
      this.emit(this.actor('storekeeper'), 'transfer', repl, { sourceDoc: mo, note: 'line-side replenishment' });
      this.emit(actor, 'issue_to_production', issue, { sourceDoc: mo });
      const out = type === 'wip' ? it.homeBin : this.bins.eol();
      this.book.add(it.idx, out, '', n);
      this.emit(actor, 'production_output', [this.line(it, n, { to: out })], { sourceDoc: mo });
      if (this.rng.chance(0.06)) {
        this.book.take(it.idx, out, '', 1);
        this.emit(this.actor('quality'), 'production_scrap', [{ item: it.sku, qty: '1', from: out }], { sourceDoc: mo, note: 'failed final test' });
      }
      if (this.rng.chance(0.04)) {
        const l = this.rng.pick(bom.lines);
        const c = this.items[l.item] as PlanItem;
        const bin = c.lineBin ?? c.homeBin;
        const lots = c.lotTracked || c.serialTracked ? this.book.lotsAt(c.idx, bin, this.today) : [['', this.book.qty(c.idx, bin)] as [string, number]];
        const first = lots[0];
        if (first && first[1] > 0 && !c.serialTracked) {
          const q = Math.max(1, Math.min(first[1], Math.ceil(l.qtyPerUnits / 2)));
          this.book.take(c.idx, bin, first[0], q);
          this.emit(actor, 'production_scrap', [this.line(c, q, { from: bin, ...(first[0] ? { lot: first[0] } : {}) })], { sourceDoc: mo, note: 'damaged at the line' });
        }
      }
    }
  }

  /** Finished goods leave the line for the warehouse: end of line → staging (another warehouse). */
  private moveToWarehouse(): void {
    const lines: MovementLineInput[] = [];
    for (const i of this.fgList) {
      const it = this.items[i] as PlanItem;
      for (const [bin, lots] of this.book.bins(i)) {
        if (!bin.startsWith('P1-RM-N-')) continue;
        const q = lots.get('') ?? 0;
        if (q <= 0) continue;
        const stg = this.bins.fgStg();
        this.book.take(i, bin, '', q);
        this.book.add(i, stg, '', q);
        lines.push(this.line(it, q, { from: bin, to: stg }));
      }
    }
    this.emit(this.actor('shipping'), 'transfer', lines, { sourceDoc: this.doc('TO'), note: 'finished goods to the warehouse' });
  }

  /** Staging → racking, then pick faces topped up from the racking. */
  private putAwayFinished(): void {
    const away: MovementLineInput[] = [];
    const top: MovementLineInput[] = [];
    for (const i of this.fgList) {
      const it = this.items[i] as PlanItem;
      for (const [bin, lots] of this.book.bins(i)) {
        if (!bin.startsWith('P1-FG-R-')) continue;
        const q = lots.get('') ?? 0;
        if (q <= 0) continue;
        this.book.take(i, bin, '', q);
        this.book.add(i, it.homeBin, '', q);
        away.push(this.line(it, q, { from: bin, to: it.homeBin }));
      }
      if (it.pickBin) {
        const atPick = this.book.qty(i, it.pickBin);
        const atBulk = this.book.qty(i, it.homeBin);
        if (atPick < it.typicalQty * 3 && atBulk > 0) {
          const q = Math.min(atBulk, it.typicalQty * 8);
          this.book.take(i, it.homeBin, '', q);
          this.book.add(i, it.pickBin, '', q);
          top.push(this.line(it, q, { from: it.homeBin, to: it.pickBin }));
        }
      }
    }
    this.emit(this.actor('storekeeper'), 'transfer', away, { note: 'put-away from staging' });
    this.emit(this.actor('storekeeper'), 'transfer', top, { note: 'pick-face replenishment' });
  }

  private ship(): void {
    const orders = this.rng.poisson(this.ordersPerDay);
    for (let o = 0; o < orders; o++) {
      const nLines = Math.min(6, 1 + this.rng.poisson(1.3));
      const so = this.doc('SO');
      const lines: MovementLineInput[] = [];
      const seen = new Set<number>();
      for (let k = 0; k < nLines; k++) {
        const i = this.fgList[this.fgPicker.pick(this.rng)] as number;
        if (seen.has(i)) continue;
        seen.add(i);
        const it = this.items[i] as PlanItem;
        let want = 1 + this.rng.poisson(it.typicalQty - 1);
        for (const bin of [it.pickBin, it.homeBin]) {
          if (!bin || want <= 0) continue;
          const q = Math.min(want, this.book.qty(i, bin));
          if (q <= 0) continue;
          this.book.take(i, bin, '', q);
          lines.push(this.line(it, q, { from: bin }));
          this.recentShipments.push({ item: i, qty: q, doc: so });
          want -= q;
        }
      }
      this.emit(this.actor('shipping'), 'shipment', lines, { sourceDoc: so });
    }
    if (this.recentShipments.length > 400) this.recentShipments.splice(0, this.recentShipments.length - 400);
  }

  private customerReturns(): void {
    if (this.recentShipments.length === 0 || !this.rng.chance(Math.min(0.6, 0.12 * Math.max(1, this.factor * 2)))) return;
    const s = this.rng.pick(this.recentShipments);
    const it = this.items[s.item] as PlanItem;
    const q = this.rng.int(1, Math.min(3, s.qty));
    const qa = this.bins.fgQa();
    this.book.add(it.idx, qa, '', q);
    this.emit(this.actor('shipping'), 'customer_return', [this.line(it, q, { to: qa })], { sourceDoc: this.doc('RMA'), note: `returned against ${s.doc}` });
    // a third of returns fail inspection and are scrapped when the hold is released
    this.holds.push({ item: it.idx, bin: qa, lot: '', qty: q, releaseDay: this.day + this.rng.int(2, 6), reject: this.rng.chance(0.33), doc: s.doc });
  }

  private maintenance(weekend: boolean): void {
    const n = this.rng.poisson(this.workOrdersPerDay * (weekend ? 0.2 : 1));
    for (let w = 0; w < n; w++) {
      const nLines = 1 + this.rng.poisson(0.6);
      const lines: MovementLineInput[] = [];
      const seen = new Set<number>();
      for (let k = 0; k < nLines; k++) {
        const i = this.mroList[this.mroPicker.pick(this.rng)] as number;
        if (seen.has(i)) continue;
        seen.add(i);
        const it = this.items[i] as PlanItem;
        const one = 10 ** it.qtyScale;
        const step = it.qtyScale > 0 ? one / 2 : 1;
        const raw = it.serialTracked ? 1 : Math.max(step, Math.round((it.typicalQty * this.rng.logRange(0.3, 1.8)) / step) * step);
        const got = this.takeFrom(it, it.homeBin, raw);
        if (got.length === 0) this.expedite(it);
        for (const [lot, q] of got) lines.push(this.line(it, q, { from: it.homeBin, ...(lot ? { lot } : {}) }));
      }
      this.emit(this.actor('maintenance'), 'issue_to_production', lines, { sourceDoc: this.doc('WO'), note: 'maintenance work order' });
    }
  }

  private adjustments(): void {
    if (!this.rng.chance(Math.min(0.9, 0.3 * Math.max(0.5, this.factor)))) return;
    const it = this.rng.pick(this.items);
    if (it.serialTracked) return;
    const bin = it.lineBin ?? it.homeBin;
    if (this.rng.chance(0.7)) {
      const lots = it.lotTracked ? this.book.lotsAt(it.idx, bin, this.today) : [['', this.book.qty(it.idx, bin)] as [string, number]];
      const first = lots[0];
      if (!first || first[1] <= 0) return;
      const q = Math.max(1, Math.min(first[1], Math.ceil(it.typicalQty / 4)));
      this.book.take(it.idx, bin, first[0], q);
      this.emit(this.actor('storekeeper'), 'adjustment', [this.line(it, q, { from: bin, ...(first[0] ? { lot: first[0] } : {}) })], { reasonCode: this.rng.pick(['damaged', 'damaged', 'obsolete', 'theft']), note: 'found during a walk of the store' });
    } else if (!it.lotTracked && it.status === 'active') {
      const q = Math.max(1, Math.ceil(it.typicalQty / 5));
      this.book.add(it.idx, bin, '', q);
      this.emit(this.actor('storekeeper'), 'adjustment', [this.line(it, q, { to: bin, unitCost: formatMoney(BigInt(it.unitCostMinor)) })], { reasonCode: 'found', note: 'unrecorded stock found' });
    }
  }

  /** On the first working day of a month, most expired lots are written off. */
  private expirySweep(): void {
    const lines: MovementLineInput[] = [];
    for (const it of this.items) {
      if (!it.lotTracked) continue;
      for (const [bin, lots] of this.book.bins(it.idx)) {
        for (const [lot, q] of [...lots.entries()]) {
          const exp = this.book.lotInfo.get(it.idx)?.get(lot)?.expiresOn;
          if (!exp || exp >= this.today || q <= 0 || !this.rng.chance(0.7)) continue;
          this.book.take(it.idx, bin, lot, q);
          lines.push(this.line(it, q, { from: bin, lot }));
        }
      }
    }
    this.emit(this.actor('manager'), 'adjustment', lines, { reasonCode: 'expired', note: 'expired lots written off' });
  }

  private expedite(it: PlanItem): void {
    if (it.type === 'raw' || it.type === 'mro') {
      if ((this.onOrder.get(it.idx) ?? 0) <= 0) this.order(it, true);
    }
  }

  private order(it: PlanItem, urgent: boolean): void {
    const e = this.expected.get(it.idx) as Expected;
    const sup = this.plan.suppliers.find((s) => s.code === it.supplier);
    if (!sup) return;
    const qty = it.serialTracked ? Math.max(1, Math.min(3, Math.ceil(e.lotSize))) : e.lotSize;
    const lead = Math.max(1, Math.round(sup.leadTimeDays * this.rng.range(0.8, 1.2) * (urgent ? 0.6 : 1)));
    let dueDay = this.day + lead;
    while (this.isWeekend(dueDay)) dueDay++;
    let po = this.pos.find((p) => p.supplier === sup.code && p.dueDay === dueDay);
    if (!po) this.pos.push((po = { no: this.doc('PO'), supplier: sup.code, dueDay, lines: [] }));
    po.lines.push({ item: it.idx, qty });
    this.onOrder.set(it.idx, (this.onOrder.get(it.idx) ?? 0) + qty);
  }

  private planPurchases(): void {
    for (const it of this.items) {
      if ((it.type !== 'raw' && it.type !== 'mro') || it.status !== 'active') continue;
      const e = this.expected.get(it.idx) as Expected;
      if (e.perDay === 0 && !(it.criticality === 'critical')) continue;
      let onHand = it.lotTracked ? 0 : this.book.total(it.idx);
      if (it.lotTracked) for (const [bin] of this.book.bins(it.idx)) onHand += this.book.usable(it.idx, bin, this.today);
      if (onHand + (this.onOrder.get(it.idx) ?? 0) < Math.max(1, e.reorderAt)) this.order(it, false);
    }
  }

  private isWeekend(day: number): boolean {
    const dow = new Date(this.startMs + day * DAY_MS).getUTCDay();
    return dow === 0 || dow === 6;
  }

  run(): SimMovement[] {
    let lastMonth = '';
    for (this.day = 0; this.day < this.days; this.day++) {
      this.today = isoDate(this.startMs + this.day * DAY_MS);
      if (this.day === 0) this.openingBalances();
      const weekend = this.isWeekend(this.day);
      if (!weekend) {
        this.receive();
        this.releaseHolds();
        if (this.today.slice(0, 7) !== lastMonth) {
          lastMonth = this.today.slice(0, 7);
          if (this.day > 0) this.expirySweep();
        }
        this.putAwayFinished();
        this.produce('wip');
        this.produce('finished');
        this.moveToWarehouse();
        this.ship();
        this.customerReturns();
        this.adjustments();
      }
      this.maintenance(weekend);
      if (!weekend) this.planPurchases();
      this.closeDay();
    }
    return this.out;
  }
}

/** The plant's movement history, oldest first, each with the time it is posted at. */
export function simulateHistory(plan: DemoPlan, opts: HistoryOptions): SimMovement[] {
  return new DemoHistory(plan, opts).run();
}
