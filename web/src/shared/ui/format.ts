// Display helpers. Amounts arrive as exact decimal strings; grouping is done on the string so that no
// value passes through a float on its way to the screen.

export function groupDigits(decimal: string): string {
  const neg = decimal.startsWith('-');
  const body = neg ? decimal.slice(1) : decimal;
  const [int = '0', frac] = body.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '−' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

export function money(decimal: string | null | undefined): string {
  if (decimal === null || decimal === undefined) return '—';
  const [i, f = ''] = decimal.split('.');
  return groupDigits(`${i}.${(f + '00').slice(0, Math.max(2, f.replace(/0+$/, '').length))}`);
}

export function qty(decimal: string | null | undefined, uom?: string): string {
  if (decimal === null || decimal === undefined) return '—';
  return groupDigits(decimal) + (uom ? ` ${uom}` : '');
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export const MOVEMENT_TYPE_LABELS: Record<string, string> = {
  receipt: 'Receipt',
  return_to_supplier: 'Return to supplier',
  issue_to_production: 'Issue to production',
  production_output: 'Production output',
  production_scrap: 'Production scrap',
  transfer: 'Transfer',
  shipment: 'Shipment',
  customer_return: 'Customer return',
  adjustment: 'Adjustment',
  count_correction: 'Count correction',
  opening_balance: 'Opening balance',
  reversal: 'Reversal',
};

export const INVENTORY_TYPE_LABELS: Record<string, string> = { raw: 'Raw material', wip: 'Work in progress', finished: 'Finished goods', mro: 'MRO spares' };
