// Keyboard-wedge scanners type the barcode as a fast burst of keystrokes ending in Enter. GS (FNC1
// in GS1 symbols) arrives as the character itself or as Ctrl+] (ASCII 29 is Ctrl+] on a keyboard).
// Outside a text field the burst is caught here; inside the scan field the field itself gets it.

import { useEffect, useRef } from 'react';
import { GS } from '../../shared/gs1/gs1';

/** The character a keydown stands for in a scan, or null (modifiers, navigation keys). */
export function scanChar(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'code'>): string | null {
  if (e.ctrlKey && (e.key === ']' || e.code === 'BracketRight' || e.key === '\u001d')) return GS;
  if (e.key === '\u001d' || e.key === 'GroupSeparator') return GS;
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  return e.key.length === 1 ? e.key : null;
}

function editable(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

/** Calls onScan with each burst typed outside a text field (keys less than `gapMs` apart, ending in Enter). */
export function useWedgeScanner(onScan: (text: string) => void, enabled = true, gapMs = 300): void {
  const cb = useRef(onScan);
  cb.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    let buf = '';
    let last = 0;
    const down = (e: KeyboardEvent) => {
      if (editable(e.target)) return;
      const now = performance.now();
      if (now - last > gapMs) buf = '';
      last = now;
      if (e.key === 'Enter') {
        if (buf.length >= 3) {
          e.preventDefault();
          const text = buf;
          buf = '';
          cb.current(text);
        }
        buf = '';
        return;
      }
      const ch = scanChar(e);
      if (ch !== null) {
        buf += ch;
        if (ch === GS || ch === ' ') e.preventDefault();
      }
    };
    document.addEventListener('keydown', down, true);
    return () => document.removeEventListener('keydown', down, true);
  }, [enabled, gapMs]);
}
