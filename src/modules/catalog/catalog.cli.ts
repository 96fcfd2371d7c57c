// CLI adapter of the catalog: `stockroom item|location|supplier|lot|bom|uom …`. Same commands and
// queries as the HTTP routes; each write is one transaction. `--json` prints the record(s) as the
// API would answer.

import type { Command } from 'commander';
import type { CliDeps, CliModule } from '../../cli/cli.types.js';
import { inTx, type Q, type Tx } from '../../db/db.js';
import type { Ctx } from '../../kernel/context.js';
import { catalogErrors } from './catalog.errors.js';
import * as cmd from './catalog.commands.js';
import * as qry from './catalog.queries.js';
import type { BomComponentInput, BomDto, CreateLocationInput, ItemDto, ItemPatch, LocationDto, LocationTreeDto, LotDto, SupplierDto } from './catalog.types.js';

type Opts = Record<string, unknown>;

const collect = (v: string, acc: string[]) => [...acc, v];

function int(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw catalogErrors.invalid_field(`${field} must be a whole number`, { field });
  return Number(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** "case=12" or "case=12:GTIN" */
function parseUnits(specs: string[]): { uom: string; factor: string; gtin?: string }[] {
  return specs.map((s, i) => {
    const m = /^([^=]+)=([^:]+)(?::(.+))?$/.exec(s);
    if (!m) throw catalogErrors.bad_factor(`units/${i}: write a unit as uom=factor, like case=12`, { field: `units/${i}/factor` });
    return { uom: m[1] as string, factor: m[2] as string, ...(m[3] ? { gtin: m[3] } : {}) };
  });
}

/** "SKU:qtyPer" or "SKU:qtyPer:scrapPct" */
function parseComponents(specs: string[]): BomComponentInput[] {
  return specs.map((s, i) => {
    const m = /^([^:]+):([^:]+)(?::([^:]+))?$/.exec(s);
    if (!m) throw catalogErrors.invalid_field(`components/${i}: write a component as SKU:qtyPer[:scrapPct], like BOLT-M8:4:2.5`, { field: `components/${i}` });
    return { sku: m[1] as string, qtyPer: m[2] as string, ...(m[3] ? { scrapPct: m[3] } : {}) };
  });
}

async function write<T>(deps: CliDeps, fn: (tx: Tx, ctx: Ctx) => Promise<T>): Promise<T> {
  const db = await deps.openDb();
  return inTx(db, (tx) => fn(tx, deps.ctx()));
}

async function read<T>(deps: CliDeps, fn: (q: Q) => Promise<T>): Promise<T> {
  const db = await deps.openDb();
  return fn(db.k);
}

function json(deps: CliDeps, v: unknown): void {
  deps.out(JSON.stringify(v, null, 2));
}

function showItem(deps: CliDeps, i: ItemDto): void {
  deps.out(`${i.sku}  ${i.description}`);
  deps.out(`  type ${i.inventoryType}  category ${i.category ?? '-'}  criticality ${i.criticality}  status ${i.status}`);
  deps.out(`  base unit ${i.baseUom} (scale ${i.qtyScale})${i.units.map((u) => `  1 ${u.uom} = ${u.factor} ${i.baseUom}`).join('')}`);
  deps.out(`  cost ${i.costMethod}${i.standardCost !== null ? ` ${i.standardCost}` : ''}  lot-tracked ${i.lotTracked ? 'yes' : 'no'}  serial-tracked ${i.serialTracked ? 'yes' : 'no'}${i.shelfLifeDays !== null ? `  shelf life ${i.shelfLifeDays} d` : ''}`);
  if (i.gtin || i.defaultSupplier) deps.out(`  gtin ${i.gtin ?? '-'}  supplier ${i.defaultSupplier ?? '-'}`);
}

function locationLine(l: LocationDto): string {
  return `${l.code}\t${l.kind}\t${l.name}${l.walkSeq !== null ? `\twalk ${l.walkSeq}` : ''}${l.blocked ? '\tBLOCKED' : ''}${l.active ? '' : '\tinactive'}`;
}

function printTree(deps: CliDeps, n: LocationTreeDto, depth = 0): void {
  deps.out(`${'  '.repeat(depth)}${n.code} (${n.kind}) ${n.name}${n.walkSeq !== null ? ` [walk ${n.walkSeq}]` : ''}${n.blocked ? ' BLOCKED' : ''}${n.active ? '' : ' inactive'}`);
  for (const c of n.children) printTree(deps, c, depth + 1);
}

function supplierLine(s: SupplierDto): string {
  return `${s.code}\t${s.name}\t${s.email ?? '-'}\t${s.leadTimeDays ?? '-'} d${s.active ? '' : '\tinactive'}`;
}

function lotLine(l: LotDto): string {
  return `${l.sku}\t${l.kind} ${l.lotNo}\texpires ${l.expiresOn ?? '-'}\tsupplier lot ${l.supplierLot ?? '-'}${l.active ? '' : '\tinactive'}`;
}

function showBom(deps: CliDeps, b: BomDto): void {
  deps.out(`${b.code}: ${b.qtyOutput} × ${b.parentSku}${b.active ? '' : ' (inactive)'}`);
  for (const c of b.components) deps.out(`  ${c.lineNo}. ${c.sku} × ${c.qtyPer}${c.scrapPct !== '0' ? ` (+${c.scrapPct}% scrap)` : ''}`);
}

function more(deps: CliDeps, nextCursor: string | null): void {
  if (nextCursor) deps.out(`(more: --cursor ${nextCursor})`);
}

const pageOpts = (c: Command) => c.option('--limit <n>', 'rows per page').option('--cursor <cursor>', 'continue after a previous page').option('--json', 'print JSON');

function itemCommands(program: Command, deps: CliDeps): void {
  const item = program.command('item').description('items: SKUs with units, tracking and cost');
  item
    .command('add <sku>')
    .description('create an item')
    .requiredOption('--description <text>', 'description')
    .option('--type <type>', 'raw | wip | finished | mro', 'raw')
    .option('--uom <code>', 'base unit of measure', 'each')
    .option('--scale <n>', 'decimals of quantity kept (0..6)', '0')
    .option('--category <text>', 'category')
    .option('--criticality <level>', 'critical | normal | low')
    .option('--cost-method <method>', 'average | standard')
    .option('--standard-cost <amount>', 'standard unit cost, like 12.50')
    .option('--lot-tracked', 'track lots')
    .option('--serial-tracked', 'track serial numbers')
    .option('--shelf-life-days <n>', 'shelf life in days')
    .option('--gtin <gtin>', 'GTIN of the base unit')
    .option('--barcode <text>', 'internal barcode')
    .option('--skill <n>', 'counting skill level 1..5')
    .option('--supplier <code>', 'default supplier')
    .option('--unit <uom=factor>', 'alternative unit, repeatable: --unit case=12 --unit pallet=480', collect, [])
    .option('--json', 'print JSON')
    .action(async (sku: string, o: Opts) => {
      const shelf = int(o.shelfLifeDays, 'shelfLifeDays');
      const skill = int(o.skill, 'countSkillLevel');
      const created = await write(deps, (tx, ctx) => cmd.createItem(tx, ctx, {
        sku,
        description: String(o.description),
        inventoryType: String(o.type) as ItemDto['inventoryType'],
        baseUom: String(o.uom),
        qtyScale: int(o.scale, 'qtyScale') ?? 0,
        ...(o.category !== undefined ? { category: String(o.category) } : {}),
        ...(o.criticality !== undefined ? { criticality: String(o.criticality) as ItemDto['criticality'] } : {}),
        ...(o.costMethod !== undefined ? { costMethod: String(o.costMethod) as ItemDto['costMethod'] } : {}),
        ...(o.standardCost !== undefined ? { standardCost: String(o.standardCost) } : {}),
        lotTracked: o.lotTracked === true,
        serialTracked: o.serialTracked === true,
        ...(shelf !== undefined ? { shelfLifeDays: shelf } : {}),
        ...(o.gtin !== undefined ? { gtin: String(o.gtin) } : {}),
        ...(o.barcode !== undefined ? { internalBarcode: String(o.barcode) } : {}),
        ...(skill !== undefined ? { countSkillLevel: skill } : {}),
        ...(o.supplier !== undefined ? { defaultSupplier: String(o.supplier) } : {}),
        units: parseUnits(o.unit as string[]),
      }));
      if (o.json) json(deps, created);
      else deps.out(`created item ${created.sku} (id ${created.id})`);
    });
  item
    .command('show <sku>')
    .description('show an item')
    .option('--json', 'print JSON')
    .action(async (sku: string, o: Opts) => {
      const i = await read(deps, (q) => qry.getItem(q, sku));
      if (o.json) json(deps, i);
      else showItem(deps, i);
    });
  pageOpts(item
    .command('list')
    .description('list items')
    .option('--q <text>', 'text in SKU or description')
    .option('--type <type>', 'raw | wip | finished | mro')
    .option('--category <text>', 'category')
    .option('--criticality <level>', 'critical | normal | low')
    .option('--status <status>', 'active | discontinued | inactive')
    .option('--lot-tracked', 'only lot-tracked items')
    .option('--no-lot-tracked', 'only items without lot tracking'))
    .action(async (o: Opts) => {
      const limit = int(o.limit, 'limit');
      const page = await read(deps, (q) => qry.listItems(q, {
        ...(o.q !== undefined ? { q: String(o.q) } : {}),
        ...(o.type !== undefined ? { type: String(o.type) as ItemDto['inventoryType'] } : {}),
        ...(o.category !== undefined ? { category: String(o.category) } : {}),
        ...(o.criticality !== undefined ? { criticality: String(o.criticality) as ItemDto['criticality'] } : {}),
        ...(o.status !== undefined ? { status: String(o.status) as ItemDto['status'] } : {}),
        ...(typeof o.lotTracked === 'boolean' ? { lotTracked: o.lotTracked } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(o.cursor !== undefined ? { cursor: String(o.cursor) } : {}),
      }));
      if (o.json) return json(deps, page);
      for (const i of page.items) deps.out(`${i.sku}\t${i.inventoryType}\t${i.baseUom}\t${i.status}\t${i.description}`);
      more(deps, page.nextCursor);
    });
  item
    .command('update <sku>')
    .description('change an item; only the options given change')
    .option('--description <text>', 'description')
    .option('--type <type>', 'raw | wip | finished | mro')
    .option('--category <text>', 'category ("" clears)')
    .option('--criticality <level>', 'critical | normal | low')
    .option('--cost-method <method>', 'average | standard')
    .option('--standard-cost <amount>', 'standard unit cost')
    .option('--status <status>', 'active | discontinued | inactive')
    .option('--shelf-life-days <n>', 'shelf life in days')
    .option('--gtin <gtin>', 'GTIN ("" clears)')
    .option('--skill <n>', 'counting skill level 1..5')
    .option('--supplier <code>', 'default supplier')
    .option('--unit <uom=factor>', 'replace the alternative units (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(async (sku: string, o: Opts) => {
      const patch: ItemPatch = {};
      if (o.description !== undefined) patch.description = String(o.description);
      if (o.type !== undefined) patch.inventoryType = String(o.type) as ItemDto['inventoryType'];
      if (o.category !== undefined) patch.category = String(o.category);
      if (o.criticality !== undefined) patch.criticality = String(o.criticality) as ItemDto['criticality'];
      if (o.costMethod !== undefined) patch.costMethod = String(o.costMethod) as ItemDto['costMethod'];
      if (o.standardCost !== undefined) patch.standardCost = String(o.standardCost);
      if (o.status !== undefined) patch.status = String(o.status) as ItemDto['status'];
      if (o.shelfLifeDays !== undefined) patch.shelfLifeDays = int(o.shelfLifeDays, 'shelfLifeDays') ?? null;
      if (o.gtin !== undefined) patch.gtin = String(o.gtin) === '' ? null : String(o.gtin);
      if (o.skill !== undefined) patch.countSkillLevel = int(o.skill, 'countSkillLevel') as number;
      if (o.supplier !== undefined) patch.defaultSupplier = String(o.supplier) === '' ? null : String(o.supplier);
      if ((o.unit as string[]).length > 0) patch.units = parseUnits(o.unit as string[]);
      const updated = await write(deps, (tx, ctx) => cmd.updateItem(tx, ctx, { sku, patch }));
      if (o.json) json(deps, updated);
      else deps.out(`updated item ${updated.sku}`);
    });
  item
    .command('deactivate <sku>')
    .description('deactivate an item (refused while it holds stock)')
    .action(async (sku: string) => {
      const i = await write(deps, (tx, ctx) => cmd.deactivateItem(tx, ctx, { sku }));
      deps.out(`item ${i.sku} is ${i.status}`);
    });
}

function locationCommands(program: Command, deps: CliDeps): void {
  const location = program.command('location').description('locations: site > warehouse > zone > bin');
  location
    .command('add <code>')
    .description('create a site, warehouse, zone or bin')
    .requiredOption('--kind <kind>', 'site | warehouse | zone | bin')
    .option('--name <text>', 'name (defaults to the code)')
    .option('--parent <code>', 'parent location (site for a warehouse, warehouse for a zone, zone for a bin)')
    .option('--walk-seq <n>', 'walk sequence of a bin')
    .option('--blocked', 'create the bin blocked')
    .option('--allow-negative', 'let the site go below zero')
    .option('--json', 'print JSON')
    .action(async (code: string, o: Opts) => {
      const walkSeq = int(o.walkSeq, 'walkSeq');
      const created = await write(deps, (tx, ctx) => cmd.createLocation(tx, ctx, {
        code,
        name: str(o.name) ?? code,
        kind: String(o.kind) as CreateLocationInput['kind'],
        ...(o.parent !== undefined ? { parent: String(o.parent) } : {}),
        ...(walkSeq !== undefined ? { walkSeq } : {}),
        ...(o.blocked ? { blocked: true } : {}),
        ...(o.allowNegative ? { allowNegativeStock: true } : {}),
      }));
      if (o.json) json(deps, created);
      else deps.out(`created ${created.kind} ${created.code} (id ${created.id})`);
    });
  pageOpts(location
    .command('list')
    .description('list locations')
    .option('--kind <kind>', 'site | warehouse | zone | bin | virtual')
    .option('--site <code>', 'in this site')
    .option('--parent <code>', 'children of this location')
    .option('--active', 'only active')
    .option('--inactive', 'only inactive'))
    .action(async (o: Opts) => {
      const limit = int(o.limit, 'limit');
      const page = await read(deps, (q) => qry.listLocations(q, {
        ...(o.kind !== undefined ? { kind: String(o.kind) as LocationDto['kind'] } : {}),
        ...(o.site !== undefined ? { site: String(o.site) } : {}),
        ...(o.parent !== undefined ? { parent: String(o.parent) } : {}),
        ...(o.active ? { active: true } : o.inactive ? { active: false } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(o.cursor !== undefined ? { cursor: String(o.cursor) } : {}),
      }));
      if (o.json) return json(deps, page);
      for (const l of page.items) deps.out(locationLine(l));
      more(deps, page.nextCursor);
    });
  location
    .command('tree <code>')
    .description('print the tree under a location (a whole site when given a site)')
    .option('--json', 'print JSON')
    .action(async (code: string, o: Opts) => {
      const tree = await read(deps, (q) => qry.getLocationTree(q, code));
      if (o.json) json(deps, tree);
      else printTree(deps, tree);
    });
  for (const [name, fn, done] of [
    ['block', cmd.blockLocation, 'blocked'],
    ['unblock', cmd.unblockLocation, 'unblocked'],
    ['deactivate', cmd.deactivateLocation, 'deactivated'],
  ] as const) {
    location
      .command(`${name} <code>`)
      .description(`${name} a location`)
      .action(async (code: string) => {
        const l = await write(deps, (tx, ctx) => fn(tx, ctx, { code }));
        deps.out(`${l.code} ${done}`);
      });
  }
}

function supplierCommands(program: Command, deps: CliDeps): void {
  const supplier = program.command('supplier').description('suppliers');
  supplier
    .command('add <code>')
    .description('create a supplier')
    .requiredOption('--name <text>', 'name')
    .option('--email <address>', 'order e-mail')
    .option('--lead-time-days <n>', 'lead time in days')
    .option('--json', 'print JSON')
    .action(async (code: string, o: Opts) => {
      const lead = int(o.leadTimeDays, 'leadTimeDays');
      const created = await write(deps, (tx, ctx) => cmd.createSupplier(tx, ctx, {
        code, name: String(o.name), ...(o.email !== undefined ? { email: String(o.email) } : {}), ...(lead !== undefined ? { leadTimeDays: lead } : {}),
      }));
      if (o.json) json(deps, created);
      else deps.out(`created supplier ${created.code} (id ${created.id})`);
    });
  pageOpts(supplier.command('list').description('list suppliers').option('--q <text>', 'text in code or name').option('--active', 'only active').option('--inactive', 'only inactive'))
    .action(async (o: Opts) => {
      const limit = int(o.limit, 'limit');
      const page = await read(deps, (q) => qry.listSuppliers(q, {
        ...(o.q !== undefined ? { q: String(o.q) } : {}),
        ...(o.active ? { active: true } : o.inactive ? { active: false } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(o.cursor !== undefined ? { cursor: String(o.cursor) } : {}),
      }));
      if (o.json) return json(deps, page);
      for (const s of page.items) deps.out(supplierLine(s));
      more(deps, page.nextCursor);
    });
}

function lotCommands(program: Command, deps: CliDeps): void {
  const lot = program.command('lot').description('lots and serial numbers');
  pageOpts(lot.command('list').description('list lots').option('--item <sku>', 'of this item').option('--expiring-before <date>', 'expiring before YYYY-MM-DD, first expiring first'))
    .action(async (o: Opts) => {
      const limit = int(o.limit, 'limit');
      const page = await read(deps, (q) => qry.listLots(q, {
        ...(o.item !== undefined ? { item: String(o.item) } : {}),
        ...(o.expiringBefore !== undefined ? { expiringBefore: String(o.expiringBefore) } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(o.cursor !== undefined ? { cursor: String(o.cursor) } : {}),
      }));
      if (o.json) return json(deps, page);
      for (const l of page.items) deps.out(lotLine(l));
      more(deps, page.nextCursor);
    });
  lot
    .command('add <sku> <lotNo>')
    .description('register a lot or serial')
    .option('--expires <date>', 'expiry YYYY-MM-DD')
    .option('--supplier-lot <text>', 'the supplier\'s lot number')
    .option('--json', 'print JSON')
    .action(async (sku: string, lotNo: string, o: Opts) => {
      const created = await write(deps, (tx, ctx) => cmd.createLot(tx, ctx, {
        sku, lotNo, ...(o.expires !== undefined ? { expiresOn: String(o.expires) } : {}), ...(o.supplierLot !== undefined ? { supplierLot: String(o.supplierLot) } : {}),
      }));
      if (o.json) json(deps, created);
      else deps.out(`created ${created.kind} ${created.lotNo} of ${created.sku} (id ${created.id})`);
    });
}

function bomCommands(program: Command, deps: CliDeps): void {
  const bom = program.command('bom').description('bills of materials');
  bom
    .command('add <code>')
    .description('create a BOM')
    .requiredOption('--parent <sku>', 'the item the BOM makes')
    .option('--output-qty <qty>', 'quantity of the parent the components make', '1')
    .option('--component <sku:qtyPer[:scrapPct]>', 'a component, repeatable', collect, [])
    .option('--json', 'print JSON')
    .action(async (code: string, o: Opts) => {
      const created = await write(deps, (tx, ctx) => cmd.createBom(tx, ctx, {
        code, parentSku: String(o.parent), qtyOutput: String(o.outputQty), components: parseComponents(o.component as string[]),
      }));
      if (o.json) json(deps, created);
      else deps.out(`created BOM ${created.code} for ${created.parentSku} with ${created.components.length} component(s)`);
    });
  bom
    .command('show <code>')
    .description('show a BOM')
    .option('--json', 'print JSON')
    .action(async (code: string, o: Opts) => {
      const b = await read(deps, (q) => qry.getBom(q, code));
      if (o.json) json(deps, b);
      else showBom(deps, b);
    });
}

function uomCommands(program: Command, deps: CliDeps): void {
  program
    .command('uom')
    .description('units of measure')
    .command('list')
    .description('list units of measure')
    .option('--json', 'print JSON')
    .action(async (o: Opts) => {
      const page = await read(deps, (q) => qry.listUoms(q, { limit: 500 }));
      if (o.json) return json(deps, page);
      for (const u of page.items) deps.out(`${u.code}\t${u.dimension}\t${u.name}`);
    });
}

export const catalogCli: CliModule = (program, deps) => {
  itemCommands(program, deps);
  locationCommands(program, deps);
  supplierCommands(program, deps);
  lotCommands(program, deps);
  bomCommands(program, deps);
  uomCommands(program, deps);
};
