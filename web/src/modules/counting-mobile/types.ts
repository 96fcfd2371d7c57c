// Shapes of the counting API the counter's screen uses (src/modules/counting: counting.queries.ts
// TaskSummary, counting.workflow.ts TaskSheet/SheetLine and ObservationInput, counting.routes.ts batch).
// Quantities are decimal strings. A blind task's sheet has no systemQty and no receipt/shipment
// quantities for a counter: the types say so, and the screen shows a book quantity only when the
// server sent one for a task that is not blind.

export interface CountTaskSummary {
  taskId: number;
  site: string;
  zone: string | null;
  kind: string;
  status: string;
  blind: boolean;
  counterUserId: number | null;
  dueAt: string | null;
  overdue: boolean;
  scheduledDate: string | null;
  estimatedMinutes: number;
  critical: boolean;
  lines: number;
  linesCounted: number;
}

export interface SheetUnit {
  uom: string;
  factor: string;
}

export interface SheetLine {
  lineId: number;
  kind: string;
  status: string;
  reasons: string[];
  sku: string;
  description: string;
  /** the item's base unit */
  uom: string;
  units: SheetUnit[];
  location: string;
  walkSeq: number | null;
  lot: string | null;
  lotTracked: boolean;
  serialTracked: boolean;
  lastReceipt: { at: string; qty?: string } | null;
  lastShipment: { at: string; qty?: string } | null;
  /** absent on a blind task */
  systemQty?: string;
  /** what has been counted on the line so far, in the base unit */
  countedQty: string | null;
  observations: number;
  unexpected: boolean;
}

export interface TaskSheet {
  taskId: number;
  site: string;
  zone: string | null;
  kind: string;
  status: string;
  blind: boolean;
  counterUserId: number | null;
  dueAt: string | null;
  estimatedMinutes: number;
  lines: SheetLine[];
}

/** What the screen needs of an item beyond the sheet: its barcodes (GET /api/v1/items/{sku}). */
export interface ItemCodes {
  sku: string;
  description: string;
  baseUom: string;
  gtin: string | null;
  internalBarcode: string | null;
  lotTracked: boolean;
  serialTracked: boolean;
  units: { uom: string; factor: string; gtin: string | null }[];
}

/** One observation as queued and sent (POST /api/v1/counting/observations/batch). */
export interface ObservationBody {
  taskId: number;
  clientKey: string;
  lineId?: number;
  item?: string;
  location?: string;
  qty?: string;
  unit?: string;
  lot?: string;
  lotExpiry?: string;
  binEmpty?: boolean;
  note?: string;
  secondCounterUserId?: number;
  device?: string;
  observedAt: string;
}

export interface BatchAnswer {
  results: (
    | { clientKey: string; status: 'recorded' | 'duplicate'; observationId: number; lineId: number }
    | { clientKey: string; status: 'rejected'; code: string; detail: string; errors?: { field: string; reason: string }[] }
  )[];
}

export interface SubmitAnswer {
  taskId: number;
  status: string;
  submittedLines: number;
}
