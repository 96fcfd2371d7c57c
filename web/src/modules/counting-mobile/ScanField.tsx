// The scan field: a keyboard-wedge scanner types into it and ends with Enter; a counter can type a
// code too. Ctrl+] (how wedge scanners send GS) is put into the field as GS. The camera button beside
// it reads a barcode with the phone's camera.

import { ActionIcon, TextInput } from '@mantine/core';
import { IconCamera, IconScan } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { GS } from '../../shared/gs1/gs1';
import { CameraScanner } from './CameraScanner';

export function ScanField({ onScan, label = 'Scan or type a barcode' }: { onScan: (text: string) => void; label?: string }) {
  const [value, setValue] = useState('');
  const [camera, setCamera] = useState(false);

  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.ctrlKey && (e.key === ']' || e.code === 'BracketRight')) {
      e.preventDefault();
      setValue((v) => v + GS);
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      const text = (e.currentTarget.value || value).trim();
      if (text) onScan(text);
      setValue('');
    }
  };

  return (
    <>
      <TextInput
        size="lg"
        label={label}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        onKeyDown={keyDown}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        enterKeyHint="go"
        leftSection={<IconScan size={22} aria-hidden />}
        rightSectionWidth={56}
        rightSection={
          <ActionIcon size={48} variant="light" aria-label="Scan with the camera" onClick={() => setCamera(true)}>
            <IconCamera size={26} aria-hidden />
          </ActionIcon>
        }
        styles={{ input: { minHeight: 52 } }}
      />
      {camera ? (
        <CameraScanner
          onClose={() => setCamera(false)}
          onResult={(text) => {
            setCamera(false);
            onScan(text);
          }}
        />
      ) : null}
    </>
  );
}
