// The demo plant's master data, generated from a seed: two sites, three warehouses, zones and about
// 400 bins walked in serpentine order; suppliers; items of the four inventory types built from
// families; three-level BOMs. Pure: no database here (demo.load.ts writes it through the catalog).

import { formatUnits } from '../../kernel/decimal.js';
import { Rng, WeightedPicker, zipfWeights } from './demo.random.js';
import type { BinRole, DemoPlan, DemoScale, InventoryType, PlanBom, PlanBomLine, PlanItem, PlanLocation, PlanSupplier, PlanUnit } from './demo.types.js';

// ---------- locations ----------

interface ZoneSpec {
  readonly code: string;
  readonly name: string;
  /** aisles: letter, bays, levels, role of the bins */
  readonly aisles: readonly (readonly [string, number, number, BinRole])[];
}

interface WarehouseSpec {
  readonly site: string;
  readonly code: string;
  readonly name: string;
  readonly zones: readonly ZoneSpec[];
}

const SITES = [
  { code: 'PLANT-1', name: 'Riverside Plant' },
  { code: 'PLANT-2', name: 'Hillcrest Plant' },
] as const;

const WAREHOUSES: readonly WarehouseSpec[] = [
  {
    site: 'PLANT-1', code: 'P1-RM', name: 'Riverside raw-material store',
    zones: [
      { code: 'P1-RM-RCV', name: 'Receiving dock', aisles: [['R', 4, 1, 'rcv']] },
      { code: 'P1-RM-BULK', name: 'Bulk racking', aisles: [['A', 10, 4, 'bulk'], ['B', 10, 4, 'bulk'], ['C', 10, 4, 'bulk'], ['D', 10, 4, 'bulk']] },
      { code: 'P1-RM-LINE', name: 'Line-side supermarket', aisles: [['L', 10, 2, 'line'], ['M', 8, 2, 'wip'], ['N', 2, 2, 'eol']] },
      { code: 'P1-RM-QA', name: 'Quarantine (incoming inspection)', aisles: [['Q', 4, 2, 'qa']] },
      { code: 'P1-RM-CAGE', name: 'Secure cage', aisles: [['K', 4, 3, 'cage']] },
    ],
  },
  {
    site: 'PLANT-1', code: 'P1-FG', name: 'Riverside finished-goods warehouse',
    zones: [
      { code: 'P1-FG-STG', name: 'Inbound staging', aisles: [['R', 4, 1, 'stg']] },
      { code: 'P1-FG-BULK', name: 'Pallet racking', aisles: [['A', 8, 4, 'bulk'], ['B', 8, 4, 'bulk'], ['C', 8, 4, 'bulk']] },
      { code: 'P1-FG-PICK', name: 'Pick face', aisles: [['P', 10, 2, 'pick']] },
      { code: 'P1-FG-QA', name: 'Returns quarantine', aisles: [['Q', 2, 2, 'qa']] },
      { code: 'P1-FG-SHIP', name: 'Shipping dock', aisles: [['S', 4, 1, 'ship']] },
    ],
  },
  {
    site: 'PLANT-2', code: 'P2-MRO', name: 'Hillcrest MRO and spares crib',
    zones: [
      { code: 'P2-MRO-CRIB', name: 'Spares crib', aisles: [['A', 6, 4, 'crib'], ['B', 6, 4, 'crib']] },
      { code: 'P2-MRO-CAGE', name: 'Critical spares cage', aisles: [['K', 2, 4, 'cage']] },
    ],
  },
];

/** Bins taken out of use (damaged racking): created blocked, never stocked. */
const BLOCKED_BINS = new Set(['P1-RM-A-07-04', 'P1-FG-B-03-04', 'P2-MRO-B-05-01']);

const pad2 = (n: number) => String(n).padStart(2, '0');

function buildLocations(): PlanLocation[] {
  const out: PlanLocation[] = [];
  for (const s of SITES) out.push({ code: s.code, name: s.name, kind: 'site', parent: null, walkSeq: null, blocked: false });
  for (const w of WAREHOUSES) {
    out.push({ code: w.code, name: w.name, kind: 'warehouse', parent: w.site, walkSeq: null, blocked: false });
    w.zones.forEach((z, zi) => {
      out.push({ code: z.code, name: z.name, kind: 'zone', parent: w.code, walkSeq: (zi + 1) * 1000, blocked: false });
      // Serpentine: up one aisle, down the next, levels bottom to top in each bay; the sequence restarts per zone.
      let seq = 0;
      z.aisles.forEach(([aisle, bays, levels, role], ai) => {
        for (let b = 0; b < bays; b++) {
          const bay = ai % 2 === 0 ? b + 1 : bays - b;
          for (let level = 1; level <= levels; level++) {
            const code = `${w.code}-${aisle}-${pad2(bay)}-${pad2(level)}`;
            const blocked = BLOCKED_BINS.has(code);
            seq += 10;
            out.push({ code, name: `${z.name} ${aisle}${pad2(bay)} level ${level}${blocked ? ' (blocked: rack damage)' : ''}`, kind: 'bin', parent: z.code, walkSeq: seq, blocked, role });
          }
        }
      });
    });
  }
  return out;
}

// ---------- suppliers ----------

const SUPPLIERS: readonly (readonly [string, string, number, readonly string[]])[] = [
  ['SUP-ALLIED', 'Allied Fastener Supply', 5, ['FAS']],
  ['SUP-BOLTEX', 'Boltex Industrial Fasteners', 8, ['FAS']],
  ['SUP-NORTHGATE', 'Northgate Steel Service Centre', 10, ['SHT', 'COIL', 'BAR']],
  ['SUP-RIVERMET', 'Rivermet Metals', 14, ['SHT', 'BAR']],
  ['SUP-POLYSRC', 'PolySource Compounds', 21, ['RES']],
  ['SUP-RESINCO', 'Resinco Plastics', 28, ['RES']],
  ['SUP-PRECBRG', 'Precision Bearings Ltd', 12, ['BRG', 'SPB']],
  ['SUP-KINETIC', 'Kinetic Motion Components', 35, ['MOT', 'SPM']],
  ['SUP-SEALTEC', 'Sealtec Gaskets & Seals', 9, ['GSK']],
  ['SUP-CABLEWAY', 'Cableway Wire & Cable', 7, ['CBL']],
  ['SUP-COATEX', 'Coatex Paints & Powders', 15, ['PNT']],
  ['SUP-BONDIT', 'Bondit Adhesives', 10, ['ADH']],
  ['SUP-CARTON', 'Carton & Crate Co.', 6, ['PKG']],
  ['SUP-PALLETS', 'Hillside Pallets', 4, ['PKG']],
  ['SUP-BRIGHT', 'Brightline Electrical', 9, ['ELE', 'ELS']],
  ['SUP-CIRCUIT', 'Circuitworks Electronics', 42, ['ELE']],
  ['SUP-FOUNDRY', 'Eastfield Foundry', 45, ['CST']],
  ['SUP-MACHINE', 'Accurate Machining', 25, ['CST']],
  ['SUP-BELTPRO', 'BeltPro Transmission', 6, ['BLT']],
  ['SUP-FILTRA', 'Filtra Filtration', 8, ['FLT']],
  ['SUP-LUBEX', 'Lubex Lubricants', 10, ['LUB']],
  ['SUP-TOOLCRAFT', 'Toolcraft Cutting Tools', 5, ['TLS']],
  ['SUP-SAFEGUARD', 'Safeguard PPE', 3, ['PPE', 'GEN']],
  ['SUP-WELDCO', 'Weldco Welding Supplies', 5, ['WLD']],
  ['SUP-FLUIDPWR', 'Fluid Power Systems', 18, ['HYD', 'GEN']],
];

// ---------- item families ----------

type Uom = 'each' | 'kg' | 'm' | 'l' | 'pair';

interface Family {
  readonly code: string;
  readonly type: InventoryType;
  readonly category: string;
  /** share of the items of its type */
  readonly share: number;
  readonly uom: Uom;
  /** cost per base unit, currency units, log-uniform */
  readonly cost: readonly [number, number];
  readonly lot?: readonly [number, number];
  readonly serial?: boolean;
  readonly cage?: boolean;
  /** pack (uom, base units per pack), chosen per item */
  readonly packs: readonly (readonly [string, number])[];
  readonly names: readonly string[];
  /** typical issue or line size in base units (whole or decimal) */
  readonly typical: readonly [number, number];
}

const RAW: readonly Family[] = [
  { code: 'FAS', type: 'raw', category: 'Fasteners', share: 0.2, uom: 'each', cost: [0.02, 0.9], packs: [['box', 100], ['box', 250], ['box', 500]], typical: [20, 200],
    names: ['Hex bolt M{m}x{l} 8.8 zinc plated', 'Socket head cap screw M{m}x{l} 12.9', 'Hex nut M{m} class 8 zinc', 'Nyloc nut M{m} A2', 'Flat washer M{m} DIN 125', 'Spring washer M{m}', 'Blind rivet 4.8x{l} aluminium', 'Self-tapping screw 4.2x{l} A2', 'Countersunk screw M{m}x{l} A2', 'Threaded insert M{m} brass'] },
  { code: 'SHT', type: 'raw', category: 'Sheet and plate', share: 0.06, uom: 'each', cost: [25, 180], packs: [['pack', 10]], typical: [2, 10],
    names: ['Sheet steel S235JR {t} x 1250 x 2500 mm', 'Stainless sheet 1.4301 {t} x 1000 x 2000 mm 2B', 'Aluminium sheet 5754 H111 {t} x 1500 x 3000 mm', 'Galvanised sheet DX51D Z275 {t} x 1250 x 2500 mm'] },
  { code: 'COIL', type: 'raw', category: 'Steel coil', share: 0.03, uom: 'kg', cost: [0.9, 2.2], packs: [['t', 1000]], typical: [50, 400],
    names: ['Cold rolled coil DC01 {t} x 1250 mm', 'Hot rolled coil S235JR {t} x 1500 mm', 'Pre-galvanised strip DX51D {t} x {w} mm'] },
  { code: 'BAR', type: 'raw', category: 'Bar and tube', share: 0.05, uom: 'm', cost: [3, 45], packs: [['roll', 6]], typical: [3, 24],
    names: ['Round bar 42CrMo4 Ø{d} mm', 'Square tube S355 {s}x{s}x{t} mm', 'Flat bar S235 {s}x{t} mm', 'Stainless round bar 1.4404 Ø{d} mm', 'Precision tube E235 Ø{d}x{t} mm'] },
  { code: 'RES', type: 'raw', category: 'Resins and compounds', share: 0.05, uom: 'kg', cost: [1.4, 6], lot: [365, 730], packs: [['pack', 25]], typical: [25, 250],
    names: ['Polypropylene homopolymer PP-H natural', 'ABS compound black UL94-HB', 'PA6 GF30 black heat stabilised', 'POM copolymer natural', 'TPE 60 Shore A black', 'HDPE blow moulding grade natural', 'PC/ABS blend grey RAL 7035'] },
  { code: 'BRG', type: 'raw', category: 'Bearings', share: 0.07, uom: 'each', cost: [1.8, 60], packs: [['case', 12], ['case', 24]], typical: [4, 24],
    names: ['Deep groove ball bearing 62{n}-2RS', 'Angular contact bearing 72{n} BEP', 'Needle roller bearing NK{n}/20', 'Tapered roller bearing 302{n}', 'Self-aligning ball bearing 12{n} K', 'Plain bushing PTFE {d}x{s}x20'] },
  { code: 'MOT', type: 'raw', category: 'Motors and drives', share: 0.03, uom: 'each', cost: [80, 900], cage: true, packs: [], typical: [1, 6],
    names: ['AC motor {p} kW 4-pole IE3 B3', 'AC motor {p} kW 2-pole IE3 B5', 'Frequency inverter {p} kW 400 V', 'Gear motor {p} kW i={i}', 'EC motor {p} kW 48 V'] },
  { code: 'GSK', type: 'raw', category: 'Seals and gaskets', share: 0.08, uom: 'each', cost: [0.08, 9], packs: [['case', 50]], typical: [10, 100],
    names: ['O-ring NBR 70 {d}x{t}', 'O-ring FKM 75 {d}x{t}', 'Flat gasket EPDM DN{dn}', 'Mechanical seal {d} mm carbon/SiC', 'Shaft seal {d}x{s}x7 NBR', 'Gasket sheet aramid {t} mm cut'] },
  { code: 'CBL', type: 'raw', category: 'Cable and wire', share: 0.05, uom: 'm', cost: [0.3, 6], packs: [['roll', 100], ['roll', 500]], typical: [20, 200],
    names: ['Control cable 4G{x} mm² PVC', 'Power cable NYY-J 5x{x} mm²', 'Wire H07V-K {x} mm² blue', 'Shielded cable LiYCY 7x{x} mm²', 'Earth wire H07V-K {x} mm² green/yellow'] },
  { code: 'PNT', type: 'raw', category: 'Paints and coatings', share: 0.04, uom: 'kg', cost: [6, 28], lot: [180, 540], packs: [['pack', 20]], typical: [5, 40],
    names: ['Powder coating RAL {ral} fine texture', 'Powder coating RAL {ral} gloss', '2K epoxy primer grey', 'Polyurethane topcoat RAL {ral}', 'Zinc-rich primer'] },
  { code: 'ADH', type: 'raw', category: 'Adhesives and sealants', share: 0.03, uom: 'each', cost: [4, 30], lot: [270, 540], packs: [['case', 12]], typical: [2, 12],
    names: ['Threadlocker medium strength 50 ml', 'Silicone sealant grey 310 ml', 'Instant adhesive 20 g', 'Structural epoxy adhesive 50 ml', 'Pipe thread sealant 250 ml'] },
  { code: 'PKG', type: 'raw', category: 'Packaging', share: 0.1, uom: 'each', cost: [0.05, 14], packs: [['pack', 25], ['pallet', 400]], typical: [10, 100],
    names: ['Corrugated box {a}x{b}x{c} mm RSC', 'Pallet EUR 1200x800', 'Stretch film 500 mm x 300 m roll', 'Shipping label 100x150 mm roll of 500', 'PE foam insert {a}x{b} mm', 'Carton sleeve {a}x{b} mm', 'Wooden crate {a}x{b}x{c} mm', 'VCI bag {a}x{b} mm'] },
  { code: 'ELE', type: 'raw', category: 'Electrical components', share: 0.08, uom: 'each', cost: [1.5, 220], packs: [['box', 10]], typical: [2, 20],
    names: ['Contactor 3P {a} A 24 V DC coil', 'Miniature circuit breaker C{a} 3P', 'Terminal block 2.5 mm² grey', 'Pressure transmitter 0-{b} bar 4-20 mA', 'Controller PCB rev {rev}', 'Proximity sensor M18 PNP', 'Motor protection switch {a} A', 'Enclosure steel 600x400x{c} mm'] },
  { code: 'CST', type: 'raw', category: 'Castings and machined parts', share: 0.07, uom: 'each', cost: [6, 140], packs: [], typical: [2, 20],
    names: ['Pump casing GJL-250 DN{dn}', 'Impeller bronze Ø{d} mm', 'Shaft 1.4021 Ø{d}x{l}', 'Bearing housing GJL-250 size {n}', 'Motor bracket S235 machined', 'Valve body GJS-400 DN{dn}', 'Cover plate AlSi10Mg {a} mm'] },
];

const MRO: readonly Family[] = [
  { code: 'BLT', type: 'mro', category: 'Belts and transmission', share: 0.08, uom: 'each', cost: [6, 90], packs: [], typical: [1, 3],
    names: ['V-belt SPZ {l}', 'V-belt SPA {l}', 'Timing belt HTD {l}-8M-30', 'Roller chain 08B-1 5 m', 'Sprocket 08B-1 z{n}'] },
  { code: 'FLT', type: 'mro', category: 'Filters', share: 0.1, uom: 'each', cost: [4, 120], packs: [['case', 12]], typical: [1, 4],
    names: ['Hydraulic filter element {u} µm', 'Air filter panel G4 592x592x48', 'Bag filter F7 592x592', 'Oil filter cartridge M{m}', 'Compressor intake filter', 'Coolant filter bag {u} µm'] },
  { code: 'LUB', type: 'mro', category: 'Lubricants', share: 0.07, uom: 'l', cost: [3, 18], lot: [730, 1460], packs: [['pack', 20], ['pallet', 208]], typical: [1, 10],
    names: ['Gear oil ISO VG {vg}', 'Hydraulic oil HLP {vg}', 'Compressor oil ISO VG {vg}', 'Cutting fluid emulsion concentrate', 'Slideway oil ISO VG {vg}'] },
  { code: 'SPB', type: 'mro', category: 'Spare bearings', share: 0.1, uom: 'each', cost: [5, 150], packs: [], typical: [1, 4],
    names: ['Spare bearing 63{n}-2Z', 'Spindle bearing 70{n} CD/P4A', 'Pillow block UCP2{n}', 'Cam follower KR{n}'] },
  { code: 'SPM', type: 'mro', category: 'Spare motors and pumps', share: 0.05, uom: 'each', cost: [300, 3500], serial: true, cage: true, packs: [], typical: [1, 1],
    names: ['Spare motor {p} kW 4-pole IE3', 'Spare coolant pump {p} kW', 'Spare gearbox i={i}', 'Spare hydraulic pump {p} kW', 'Spare vacuum pump {p} kW'] },
  { code: 'ELS', type: 'mro', category: 'Electrical spares', share: 0.12, uom: 'each', cost: [0.5, 140], packs: [['box', 10]], typical: [1, 6],
    names: ['Fuse gG {a} A 10x38', 'LED lamp 24 V signal green', 'Relay 24 V DC 2CO', 'Limit switch roller lever', 'Photoelectric sensor 2 m PNP', 'Power supply 24 V {a} A', 'Emergency stop button 40 mm'] },
  { code: 'TLS', type: 'mro', category: 'Cutting tools', share: 0.12, uom: 'each', cost: [3, 180], packs: [['box', 10]], typical: [1, 10],
    names: ['End mill carbide Ø{d} 4F', 'Drill HSS-Co Ø{d}', 'Turning insert CNMG 1204{n}', 'Tap M{m} HSS-E', 'Band saw blade 27x0.9 {l} mm', 'Grinding disc 125x6 mm', 'Cutting disc 125x1 mm'] },
  { code: 'PPE', type: 'mro', category: 'Personal protective equipment', share: 0.1, uom: 'pair', cost: [1.2, 25], packs: [['box', 12]], typical: [2, 24],
    names: ['Safety gloves cut level C size {sz}', 'Nitrile gloves size {sz}', 'Welding gauntlets size {sz}', 'Ear plugs corded', 'Safety shoes S3 size {n}'] },
  { code: 'WLD', type: 'mro', category: 'Welding consumables', share: 0.08, uom: 'kg', cost: [2.5, 14], packs: [['roll', 15]], typical: [2, 15],
    names: ['Welding wire G3Si1 {w} mm', 'Welding rod E7018 {w} mm', 'Stainless welding wire 316LSi {w} mm', 'Flux-cored wire E71T-1 {w} mm'] },
  { code: 'HYD', type: 'mro', category: 'Hydraulics and pneumatics', share: 0.1, uom: 'each', cost: [4, 260], packs: [], typical: [1, 4],
    names: ['Pneumatic cylinder Ø{d}x{s}', 'Solenoid valve 5/2 G1/4 24 V', 'Hydraulic hose assembly 1/2" 2SN {l} mm', 'Push-in fitting {d} mm', 'Pressure regulator G1/2', 'Quick coupling 1/2"'] },
  { code: 'GEN', type: 'mro', category: 'General supplies', share: 0.08, uom: 'each', cost: [0.3, 30], packs: [['pack', 100]], typical: [5, 50],
    names: ['Cable tie 300x4.8 black', 'Cleaning cloth roll 38 cm', 'Spray lubricant 400 ml', 'Marking paint yellow 500 ml', 'Floor tape yellow 50 mm x 33 m', 'Absorbent pad 40x50 cm'] },
];

interface AssemblyKind {
  readonly name: string;
  readonly category: string;
  readonly prefix: string;
  /** component families and how many of each (min, max) */
  readonly uses: readonly (readonly [string, number, number])[];
}

const WIP_KINDS: readonly AssemblyKind[] = [
  { name: 'Pump rotor assembly', category: 'Rotor assemblies', prefix: 'RA', uses: [['CST', 1, 2], ['BRG', 1, 2], ['GSK', 1, 2], ['FAS', 1, 3]] },
  { name: 'Motor-pump sub-assembly', category: 'Motor-pump units', prefix: 'MP', uses: [['MOT', 1, 1], ['CST', 1, 1], ['GSK', 1, 2], ['FAS', 2, 3]] },
  { name: 'Control panel wired', category: 'Control panels', prefix: 'CP', uses: [['ELE', 2, 4], ['CBL', 1, 3], ['FAS', 1, 2]] },
  { name: 'Welded base frame', category: 'Frames and weldments', prefix: 'BF', uses: [['SHT', 1, 2], ['BAR', 1, 2], ['FAS', 1, 2], ['PNT', 1, 1]] },
  { name: 'Cable harness', category: 'Wiring harnesses', prefix: 'HX', uses: [['CBL', 2, 4], ['ELE', 1, 2]] },
  { name: 'Painted housing', category: 'Housings', prefix: 'PH', uses: [['CST', 1, 1], ['COIL', 0, 1], ['PNT', 1, 1], ['FAS', 1, 2]] },
  { name: 'Moulded cover set', category: 'Moulded parts', prefix: 'MC', uses: [['RES', 1, 2], ['ADH', 0, 1], ['FAS', 1, 1]] },
  { name: 'Valve body assembly', category: 'Valve assemblies', prefix: 'VB', uses: [['CST', 1, 2], ['GSK', 1, 3], ['FAS', 1, 2], ['ADH', 0, 1]] },
];

interface ProductKind {
  readonly name: string;
  readonly category: string;
  readonly prefix: string;
  readonly big: boolean;
  readonly wip: readonly string[];
  readonly raw: readonly (readonly [string, number, number])[];
}

const FG_KINDS: readonly ProductKind[] = [
  { name: 'Centrifugal pump CPN {dn}-{n} {p} kW', category: 'Pumps', prefix: 'CPN', big: true, wip: ['RA', 'MP', 'PH', 'BF'], raw: [['GSK', 1, 1], ['FAS', 1, 2]] },
  { name: 'Booster set BSX-{n} {k}x{p} kW', category: 'Pump systems', prefix: 'BSX', big: true, wip: ['MP', 'CP', 'BF', 'HX'], raw: [['ELE', 1, 1], ['FAS', 1, 2]] },
  { name: 'Circulator pump CIRC {dn}-{n}', category: 'Pumps', prefix: 'CIR', big: false, wip: ['MC', 'RA', 'HX'], raw: [['ELE', 1, 1], ['GSK', 1, 1]] },
  { name: 'Gate valve DN{dn} PN16', category: 'Valves', prefix: 'GV', big: false, wip: ['VB', 'PH'], raw: [['GSK', 1, 2], ['FAS', 1, 1]] },
  { name: 'Ball valve DN{dn} stainless', category: 'Valves', prefix: 'BV', big: false, wip: ['VB'], raw: [['GSK', 1, 2], ['ADH', 0, 1]] },
  { name: 'Control cabinet CC-{n}', category: 'Controls', prefix: 'CC', big: true, wip: ['CP', 'HX'], raw: [['ELE', 1, 2], ['CBL', 1, 1]] },
  { name: 'Pressure switch kit PSK-{n}', category: 'Controls', prefix: 'PSK', big: false, wip: ['HX', 'MC'], raw: [['ELE', 1, 2]] },
  { name: 'Seal kit for CPN {dn}', category: 'Spare kits', prefix: 'SK', big: false, wip: [], raw: [['GSK', 2, 4], ['BRG', 0, 1], ['FAS', 1, 2]] },
];

const SHARES: Record<InventoryType, number> = { raw: 0.47, wip: 0.08, finished: 0.15, mro: 0.3 };

// ---------- helpers ----------

function fill(rng: Rng, template: string): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => {
    switch (k) {
      case 'm': return String(rng.pick([4, 5, 6, 8, 10, 12, 16, 20]));
      case 'l': return String(rng.pick([8, 10, 12, 16, 20, 25, 30, 40, 50, 60, 80, 100, 1250, 1500, 2000]));
      case 't': return rng.pick(['0.8', '1.0', '1.5', '2.0', '3.0', '4.0', '5.0', '6.0']);
      case 'w': return rng.pick(['0.8', '1.0', '1.2', '2.5', '3.2', '400', '600']);
      case 'd': return String(rng.pick([10, 12, 16, 20, 25, 32, 40, 50, 63, 80, 100, 125, 160]));
      case 's': return String(rng.pick([20, 30, 40, 50, 60, 80, 100]));
      case 'n': return pad2(rng.int(2, 40));
      case 'p': return rng.pick(['0.37', '0.55', '0.75', '1.1', '1.5', '2.2', '3.0', '4.0', '5.5', '7.5', '11', '15']);
      case 'i': return rng.pick(['5', '10', '15', '20', '25', '40']);
      case 'dn': return String(rng.pick([15, 20, 25, 32, 40, 50, 65, 80, 100, 125, 150]));
      case 'x': return rng.pick(['0.75', '1.0', '1.5', '2.5', '4', '6', '10', '16']);
      case 'ral': return rng.pick(['7035', '9005', '5010', '3000', '1023', '7016', '9010']);
      case 'a': return String(rng.pick([6, 10, 16, 25, 32, 200, 300, 400, 600]));
      case 'b': return String(rng.pick([6, 10, 16, 25, 40, 200, 300]));
      case 'c': return String(rng.pick([150, 200, 250, 300, 400]));
      case 'rev': return rng.pick(['A', 'B', 'C', 'D']);
      case 'u': return String(rng.pick([3, 5, 10, 25]));
      case 'vg': return String(rng.pick([32, 46, 68, 100, 150, 220, 320]));
      case 'sz': return rng.pick(['8', '9', '10', '11']);
      case 'k': return String(rng.int(2, 4));
      default: return k;
    }
  });
}

const SCALE_OF: Record<Uom, number> = { each: 0, pair: 0, kg: 3, m: 3, l: 3 };

/** GS1 check digit for the digits given (GTIN without its last digit). */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  [...body].reverse().forEach((ch, i) => {
    sum += Number(ch) * (i % 2 === 0 ? 3 : 1);
  });
  return (10 - (sum % 10)) % 10;
}

function gtin13(n: number): string {
  // 0614141 is GS1's documentation company prefix: never a real product.
  const body = '0614141' + String(n).padStart(5, '0');
  return body + gs1CheckDigit(body);
}

function gtin14(indicator: number, gtin: string): string {
  const body = String(indicator) + gtin.slice(0, 12);
  return body + gs1CheckDigit(body);
}

/** Splits `total` over shares (largest remainder), at least `min` each when total allows. */
function allocate(total: number, shares: readonly number[], min: number): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const raw = shares.map((s) => (s / sum) * total);
  const out = raw.map((r) => Math.max(min, Math.floor(r)));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[(order[k] as readonly [number, number])[1]]! += 1;
  return out;
}

const toMinor = (currency: number) => Math.max(1, Math.round(currency * 10000));

function decimalOf(units: number, scale: number): string {
  return formatUnits(BigInt(units), scale);
}

// ---------- the plan ----------

export function buildPlan(scale: DemoScale): DemoPlan {
  const rng = new Rng(scale.seed);
  const locations = buildLocations();
  const bins = (role: BinRole, wh: string) => locations.filter((l) => l.kind === 'bin' && !l.blocked && l.role === role && l.code.startsWith(wh + '-')).map((l) => l.code);
  const rr = (list: readonly string[]) => {
    let i = 0;
    return () => list[i++ % list.length] as string;
  };
  const rmBulk = rr(bins('bulk', 'P1-RM'));
  const rmLine = rr(bins('line', 'P1-RM'));
  const rmCage = rr(bins('cage', 'P1-RM'));
  const wipBin = rr(bins('wip', 'P1-RM'));
  const fgBulk = rr(bins('bulk', 'P1-FG'));
  const fgPick = rr(bins('pick', 'P1-FG'));
  const crib = rr(bins('crib', 'P2-MRO'));
  const mroCage = rr(bins('cage', 'P2-MRO'));

  const suppliers: PlanSupplier[] = SUPPLIERS.map(([code, name, lt]) => ({
    code, name, leadTimeDays: lt,
    email: `orders@${name.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '')}.example`,
  }));
  const suppliersOf = (family: string) => SUPPLIERS.filter((s) => s[3].includes(family)).map((s) => s[0]);

  const total = Math.max(40, scale.items);
  const [nRaw, nWip, nFg, nMro] = allocate(total, [SHARES.raw, SHARES.wip, SHARES.finished, SHARES.mro], 4) as [number, number, number, number];
  const items: PlanItem[] = [];
  const counters = new Map<string, number>();
  const nextNo = (key: string, start: number) => {
    const n = (counters.get(key) ?? start) + 1;
    counters.set(key, n);
    return n;
  };

  const purchased = (families: readonly Family[], count: number) => {
    const counts = allocate(count, families.map((f) => f.share), 1);
    families.forEach((f, fi) => {
      for (let k = 0; k < (counts[fi] as number); k++) {
        const idx = items.length;
        const qtyScale = f.serial ? 0 : SCALE_OF[f.uom];
        const one = 10 ** qtyScale;
        const pack = f.packs.length > 0 && rng.chance(0.85) ? rng.pick(f.packs) : undefined;
        const units: PlanUnit[] = [];
        if (pack) units.push({ uom: pack[0], factor: String(pack[1]), factorUnits: pack[1] * one });
        if (f.uom === 'kg') units.push({ uom: 'g', factor: '0.001', factorUnits: 1 });
        if (f.uom === 'm') units.push({ uom: 'mm', factor: '0.001', factorUnits: 1 });
        if (f.uom === 'l') units.push({ uom: 'ml', factor: '0.001', factorUnits: 1 });
        const costMinor = toMinor(rng.logRange(f.cost[0], f.cost[1]));
        const lotTracked = f.lot !== undefined && !f.serial;
        const serial = f.serial === true && (k < 3 || rng.chance(0.1));
        const cage = f.cage === true || costMinor > 1_500_000;
        const crit = serial || (f.code === 'MOT' && rng.chance(0.3)) || rng.chance(0.02) ? 'critical' : costMinor < 5_000 && rng.chance(0.5) ? 'low' : 'normal';
        const sup = suppliersOf(f.code);
        const typical = Math.max(1, Math.round(rng.logRange(f.typical[0], f.typical[1]))) * one;
        const mro = f.type === 'mro';
        const home = mro ? (cage ? mroCage() : crib()) : cage ? rmCage() : rmBulk();
        items.push({
          idx,
          sku: `${mro ? 'MRO' : 'RM'}-${f.code}-${nextNo(f.code, 10000)}`,
          description: fill(rng, rng.pick(f.names)),
          type: f.type,
          family: f.code,
          category: f.category,
          baseUom: f.uom,
          qtyScale,
          units,
          costMethod: !mro && rng.chance(0.15) ? 'standard' : 'average',
          unitCostMinor: costMinor,
          criticality: crit,
          lotTracked,
          serialTracked: serial,
          shelfLifeDays: lotTracked && f.lot ? rng.int(f.lot[0], f.lot[1]) : null,
          gtin: null,
          internalBarcode: `SR${String(idx + 1).padStart(7, '0')}`,
          countSkillLevel: serial || costMinor > 5_000_000 ? 3 : lotTracked || qtyScale > 0 || cage ? 2 : 1,
          status: rng.chance(0.01) ? 'discontinued' : 'active',
          supplier: sup.length > 0 ? rng.pick(sup) : null,
          homeBin: home,
          lineBin: !mro && !lotTracked && !cage ? rmLine() : null,
          pickBin: null,
          typicalQty: serial ? 1 : typical,
          packUnits: pack ? pack[1] * one : f.uom === 'each' || f.uom === 'pair' ? 1 : one,
          weight: 0,
        });
      }
    });
  };
  purchased(RAW, nRaw);
  purchased(MRO, nMro);

  // Components are drawn by popularity (Zipf), so a few raw materials go into many assemblies.
  const rawByFamily = new Map<string, number[]>();
  for (const it of items) if (it.type === 'raw' && it.status === 'active') rawByFamily.set(it.family, [...(rawByFamily.get(it.family) ?? []), it.idx]);
  const familyPickers = new Map<string, { list: number[]; picker: WeightedPicker }>();
  for (const [fam, list] of rawByFamily) familyPickers.set(fam, { list, picker: new WeightedPicker(zipfWeights(rng, list.length, 0.6)) });

  const boms: PlanBom[] = [];
  const bomLine = (comp: PlanItem): PlanBomLine => {
    let units: number;
    if (comp.qtyScale === 0) units = comp.family === 'FAS' ? rng.int(2, 16) : comp.family === 'GSK' ? rng.int(1, 4) : rng.chance(0.8) ? 1 : 2;
    else if (comp.baseUom === 'kg') units = comp.family === 'PNT' ? rng.int(50, 600) : rng.int(150, 3500);
    else if (comp.baseUom === 'm') units = rng.int(25, 600) * 10;
    else units = rng.int(50, 750);
    const cut = ['SHT', 'COIL', 'BAR', 'CBL', 'RES', 'PNT'].includes(comp.family);
    const scrapTenths = cut ? rng.pick([5, 10, 20, 30, 50]) : rng.chance(0.2) ? rng.pick([5, 10]) : 0;
    return { item: comp.idx, qtyPerUnits: units, qtyPer: decimalOf(units, comp.qtyScale), scrapTenths, scrapPct: decimalOf(scrapTenths, 1) };
  };
  const drawComponents = (uses: readonly (readonly [string, number, number])[]): PlanBomLine[] => {
    const lines: PlanBomLine[] = [];
    const seen = new Set<number>();
    for (const [fam, lo, hi] of uses) {
      const fp = familyPickers.get(fam);
      if (!fp) continue;
      const n = rng.int(lo, hi);
      for (let k = 0, tries = 0; k < n && tries < 20; tries++) {
        const idx = fp.list[fp.picker.pick(rng)] as number;
        if (seen.has(idx)) continue;
        seen.add(idx);
        lines.push(bomLine(items[idx] as PlanItem));
        k++;
      }
    }
    return lines;
  };
  const rolledCost = (lines: readonly PlanBomLine[], markup: number) => {
    let sum = 0;
    for (const l of lines) {
      const c = items[l.item] as PlanItem;
      sum += (l.qtyPerUnits / 10 ** c.qtyScale) * c.unitCostMinor * (1 + l.scrapTenths / 1000);
    }
    return Math.max(10_000, Math.round((sum * markup) / 100) * 100);
  };

  // WIP: sub-assemblies of raw components (level 2).
  const wipByPrefix = new Map<string, number[]>();
  const wipCounts = allocate(nWip, WIP_KINDS.map(() => 1), 1);
  WIP_KINDS.forEach((kind, ki) => {
    for (let k = 0; k < (wipCounts[ki] as number); k++) {
      const idx = items.length;
      const no = nextNo('SA-' + kind.prefix, 100);
      const lines = drawComponents(kind.uses);
      if (lines.length === 0) continue;
      items.push({
        idx, sku: `SA-${kind.prefix}-${no}`, description: `${kind.name} ${kind.prefix}-${no}`, type: 'wip', family: kind.prefix, category: kind.category,
        baseUom: 'each', qtyScale: 0, units: [], costMethod: 'standard', unitCostMinor: rolledCost(lines, rng.range(1.15, 1.4)),
        criticality: rng.chance(0.03) ? 'critical' : 'normal', lotTracked: false, serialTracked: false, shelfLifeDays: null, gtin: null,
        internalBarcode: `SR${String(idx + 1).padStart(7, '0')}`, countSkillLevel: 2, status: 'active', supplier: null,
        homeBin: wipBin(), lineBin: null, pickBin: null, typicalQty: rng.int(2, 12), packUnits: 1, weight: 0,
      });
      boms.push({ code: `BOM-SA-${kind.prefix}-${no}`, parent: idx, lines });
      wipByPrefix.set(kind.prefix, [...(wipByPrefix.get(kind.prefix) ?? []), idx]);
    }
  });
  const wipPickers = new Map<string, { list: number[]; picker: WeightedPicker }>();
  for (const [p, list] of wipByPrefix) wipPickers.set(p, { list, picker: new WeightedPicker(zipfWeights(rng, list.length, 0.5)) });

  // Finished goods: WIP sub-assemblies, a few raw parts and their packaging (level 1).
  const pkg = familyPickers.get('PKG');
  const fgCounts = allocate(nFg, FG_KINDS.map(() => 1), 1);
  const fgWeights = zipfWeights(rng, fgCounts.reduce((a, b) => a + b, 0), 0.7);
  let fgNo = 0;
  FG_KINDS.forEach((kind, ki) => {
    for (let k = 0; k < (fgCounts[ki] as number); k++) {
      const idx = items.length;
      const lines: PlanBomLine[] = [];
      const seen = new Set<number>();
      const wipKinds = rng.shuffle([...kind.wip]).slice(0, Math.min(kind.wip.length, rng.int(1, 3)));
      for (const p of wipKinds) {
        const wp = wipPickers.get(p);
        if (!wp) continue;
        const w = wp.list[wp.picker.pick(rng)] as number;
        if (seen.has(w)) continue;
        seen.add(w);
        lines.push({ item: w, qtyPerUnits: p === 'MP' && kind.prefix === 'BSX' ? rng.int(2, 4) : 1, qtyPer: '', scrapTenths: 0, scrapPct: '0' });
      }
      for (const l of drawComponents(kind.raw)) if (!seen.has(l.item)) lines.push(l);
      if (pkg) {
        for (let n = 0; n < 2; n++) {
          const p = pkg.list[pkg.picker.pick(rng)] as number;
          if (!lines.some((l) => l.item === p)) lines.push({ item: p, qtyPerUnits: 1, qtyPer: '1', scrapTenths: 0, scrapPct: '0' });
        }
      }
      const fixed = lines.map((l) => (l.qtyPer === '' ? { ...l, qtyPer: String(l.qtyPerUnits) } : l));
      if (fixed.length === 0) continue;
      const gtin = gtin13(10000 + fgNo);
      const caseQty = kind.big ? 0 : rng.pick([12, 24, 50]);
      const units: PlanUnit[] = kind.big
        ? [{ uom: 'pallet', factor: String(rng.pick([2, 4, 6])), factorUnits: null }]
        : [{ uom: 'case', factor: String(caseQty), factorUnits: caseQty, gtin: gtin14(1, gtin) }, { uom: 'pallet', factor: String(caseQty * 40), factorUnits: caseQty * 40, gtin: gtin14(2, gtin) }];
      const fixedUnits = units.map((u) => (u.factorUnits === null ? { ...u, factorUnits: Number(u.factor) } : u));
      const no = nextNo('FG-' + kind.prefix, 1000);
      const costMinor = rolledCost(fixed, rng.range(1.3, 1.7));
      // customers buy cheap products by the case and dear ones one at a time
      const typicalQty = Math.max(1, Math.min(120, Math.round((rng.logRange(300, 3000) * 10000) / costMinor)));
      const weight = fgWeights[fgNo] as number;
      fgNo++;
      items.push({
        idx, sku: `FG-${kind.prefix}-${no}`, description: fill(rng, kind.name), type: 'finished', family: kind.prefix, category: kind.category,
        baseUom: 'each', qtyScale: 0, units: fixedUnits, costMethod: 'standard', unitCostMinor: costMinor,
        criticality: 'normal', lotTracked: false, serialTracked: false, shelfLifeDays: null, gtin,
        internalBarcode: `SR${String(idx + 1).padStart(7, '0')}`, countSkillLevel: 1, status: rng.chance(0.02) ? 'discontinued' : 'active', supplier: null,
        homeBin: fgBulk(), lineBin: null, pickBin: null, typicalQty, packUnits: 1, weight,
      });
      boms.push({ code: `BOM-FG-${kind.prefix}-${no}`, parent: idx, lines: fixed });
    }
  });
  // The fastest movers get a pick face.
  const fg = items.filter((i) => i.type === 'finished' && i.status === 'active').sort((a, b) => b.weight - a.weight);
  fg.slice(0, Math.min(fg.length, 40)).forEach((it) => {
    it.pickBin = fgPick();
  });
  // MRO demand: a Zipf weight per spare (a few consumables are used daily, most spares rarely).
  const mro = items.filter((i) => i.type === 'mro');
  const mw = zipfWeights(rng, mro.length, 0.9);
  mro.forEach((it, i) => {
    it.weight = it.status === 'active' ? (mw[i] as number) : 0;
  });
  return { scale, sites: SITES, locations, suppliers, items, boms };
}
