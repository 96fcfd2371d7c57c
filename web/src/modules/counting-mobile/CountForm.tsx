// The count of one line (or of an item found that the list does not have): quantity in any unit of the
// item, lot or serial and its expiry where the item is tracked, an issue note, and an optional second
// counter. A scanner fired while the quantity field has the focus fills the form from the label.

import { Alert, Button, Collapse, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconChevronDown, IconInfoCircle } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { classifyScan, GS } from '../../shared/gs1/gs1';
import { prefillFrom, type Prefill } from './match';
import type { SheetUnit } from './types';

export interface CountValues {
  qty: string;
  unit: string;
  lot: string;
  lotExpiry: string;
  note: string;
  secondCounter: string;
}

export interface CountSubject {
  sku: string;
  description: string;
  baseUom: string;
  units: readonly SheetUnit[];
  lotTracked: boolean;
  serialTracked: boolean;
  /** the lot the list expects, if any */
  expectedLot: string | null;
}

const DECIMAL = /^\d+(?:[.,]\d+)?$/;

/** Every unit the item may be counted in: the base unit first. */
export function unitChoices(s: Pick<CountSubject, 'baseUom' | 'units'>): { value: string; label: string }[] {
  return [{ value: s.baseUom, label: s.baseUom }, ...s.units.filter((u) => u.uom !== s.baseUom).map((u) => ({ value: u.uom, label: `${u.uom} (${u.factor} ${s.baseUom})` }))];
}

export function CountForm({ subject, prefill, hint, submitLabel = 'Save count', onSave }: { subject: CountSubject; prefill: Prefill; hint?: string | undefined; submitLabel?: string; onSave: (v: CountValues) => void }) {
  const tracked = subject.lotTracked || subject.serialTracked;
  /** an item typed offline: its units and tracking are known to the server only */
  const unknownItem = subject.baseUom === '';
  const [more, setMore] = useState(false);
  const [scanHint, setScanHint] = useState<string | null>(null);
  const units = unitChoices(subject);
  const form = useForm<CountValues>({
    initialValues: {
      qty: prefill.qty ?? '',
      unit: prefill.unit && units.some((u) => u.value === prefill.unit) ? prefill.unit : subject.baseUom,
      lot: prefill.lot ?? subject.expectedLot ?? '',
      lotExpiry: prefill.lotExpiry ?? '',
      note: '',
      secondCounter: '',
    },
    validate: {
      qty: (v) => (!v.trim() ? 'Enter the quantity counted' : DECIMAL.test(v.trim()) ? null : 'A number, like 12 or 2.5'),
      lot: (v, all) => (tracked && !v.trim() && all.qty.trim() && !/^0+(?:[.,]0+)?$/.test(all.qty.trim()) ? `Name the ${subject.serialTracked ? 'serial number' : 'lot'} counted` : v.length > 100 ? 'At most 100 characters' : null),
      lotExpiry: (v) => (v && !/^\d{4}-\d{2}-\d{2}$/.test(v) ? 'A date' : null),
      note: (v) => (v.length > 2000 ? 'At most 2,000 characters' : null),
      secondCounter: (v) => (v.trim() && !/^[1-9]\d{0,9}$/.test(v.trim()) ? 'A user number' : null),
    },
  });

  const apply = (p: Prefill) => {
    if (p.qty !== undefined) form.setFieldValue('qty', p.qty);
    if (p.unit !== undefined && units.some((u) => u.value === p.unit)) form.setFieldValue('unit', p.unit);
    if (p.lot !== undefined) form.setFieldValue('lot', p.lot);
    if (p.lotExpiry !== undefined) form.setFieldValue('lotExpiry', p.lotExpiry);
  };

  /** A scanner fired into the quantity field: what it typed is a label, not a number. */
  const qtyKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.ctrlKey && (e.key === ']' || e.code === 'BracketRight')) {
      e.preventDefault();
      form.setFieldValue('qty', form.values.qty + GS);
      return;
    }
    if (e.key !== 'Enter') return;
    const v = e.currentTarget.value.trim();
    if (!v || DECIMAL.test(v)) return;
    e.preventDefault();
    const scan = classifyScan(v);
    if (scan.kind === 'gs1') {
      const p = prefillFrom(scan, { sku: subject.sku, description: subject.description, baseUom: subject.baseUom, gtin: null, internalBarcode: null, lotTracked: subject.lotTracked, serialTracked: subject.serialTracked, units: [] }, undefined);
      form.setFieldValue('qty', p.qty ?? '');
      apply(p);
      setScanHint('Filled from the scanned label.');
    } else {
      form.setFieldValue('qty', '');
      setScanHint(scan.kind === 'invalid' ? `The barcode could not be read: ${scan.error}.` : 'That scan is no quantity: close this form to scan another item.');
    }
  };

  return (
    <form onSubmit={form.onSubmit((v) => onSave({ ...v, qty: v.qty.trim().replace(',', '.'), lot: v.lot.trim() }))} noValidate aria-label={`Count ${subject.sku}`}>
      <Stack gap="sm">
        {hint ? (
          <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} p="xs">
            {hint}
          </Alert>
        ) : null}
        {scanHint ? (
          <Text size="sm" role="status">
            {scanHint}
          </Text>
        ) : null}
        <TextInput
          label="Quantity counted"
          size="xl"
          inputMode="decimal"
          autoComplete="off"
          enterKeyHint="done"
          data-autofocus
          {...form.getInputProps('qty')}
          onKeyDown={qtyKeyDown}
        />
        {unknownItem ? null : units.length <= 3 ? (
          <Stack gap={4}>
            <Text size="lg" fw={700} id="count-unit-label">
              Unit
            </Text>
            <SegmentedControl fullWidth size="lg" data={units} {...form.getInputProps('unit')} aria-labelledby="count-unit-label" styles={{ label: { minHeight: 48, display: 'flex', alignItems: 'center', justifyContent: 'center' } }} />
          </Stack>
        ) : (
          <NativeSelect label="Unit" size="lg" data={units} {...form.getInputProps('unit')} />
        )}
        {tracked || unknownItem ? (
          <Group grow align="flex-start" wrap="nowrap">
            <TextInput label={subject.serialTracked ? 'Serial number' : 'Lot'} size="lg" autoComplete="off" autoCapitalize="characters" {...form.getInputProps('lot')} />
            <TextInput label="Expiry" type="date" size="lg" {...form.getInputProps('lotExpiry')} />
          </Group>
        ) : null}
        <Textarea label="Note (damage, unclear label, …)" size="lg" autosize minRows={1} maxRows={4} {...form.getInputProps('note')} />
        <Button variant="subtle" size="md" h={48} onClick={() => setMore((m) => !m)} rightSection={<IconChevronDown size={16} aria-hidden />} aria-expanded={more} justify="flex-start">
          Counted in a pair?
        </Button>
        <Collapse expanded={more}>
          <TextInput label="Second counter's user number" size="lg" inputMode="numeric" {...form.getInputProps('secondCounter')} />
        </Collapse>
        <Button type="submit" size="xl" h={60} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
