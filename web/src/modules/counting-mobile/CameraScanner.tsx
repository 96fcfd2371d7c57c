// Reading a barcode with the phone's camera: the browser's BarcodeDetector where it has one (Chrome on
// Android), else ZXing (@zxing/browser), loaded only when the camera is first opened so that it never
// weighs on the app's first load. GS1 symbols come back with GS between their elements.

import { Alert, Box, Button, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';

interface DetectedBarcode {
  rawValue: string;
  format: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorCtor {
  new (opts?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

const WANTED = ['data_matrix', 'qr_code', 'code_128', 'ean_13', 'ean_8', 'upc_a', 'upc_e', 'itf', 'code_39'];

export function CameraScanner({ onResult, onClose }: { onResult: (text: string) => void; onClose: () => void }) {
  // the video element, once the modal has put it on the page (a callback ref: the modal mounts late)
  const [videoEl, setVideoEl] = useState<HTMLVideoElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [engine, setEngine] = useState<string>('');
  const done = useRef(false);
  const resultRef = useRef(onResult);
  resultRef.current = onResult;

  useEffect(() => {
    if (!videoEl) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let zxingStop: (() => void) | null = null;
    const found = (text: string) => {
      if (done.current || stopped) return;
      done.current = true;
      resultRef.current(text);
    };

    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser gives no access to a camera (it needs HTTPS or localhost).');
      const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
      const supported = Detector ? await Detector.getSupportedFormats().catch(() => [] as string[]) : [];
      const el = videoEl;
      if (Detector && supported.length) {
        setEngine('the browser');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
        if (stopped) return;
        el.srcObject = stream;
        await el.play();
        const detector = new Detector({ formats: WANTED.filter((f) => supported.includes(f)) });
        const tick = async () => {
          if (stopped) return;
          try {
            const codes = await detector.detect(el);
            const first = codes[0];
            if (first) return found(first.rawValue);
          } catch {
            /* a frame that could not be read */
          }
          timer = setTimeout(() => void tick(), 150);
        };
        void tick();
      } else {
        setEngine('ZXing');
        const [{ BrowserMultiFormatReader }, { DecodeHintType }] = await Promise.all([import('@zxing/browser'), import('@zxing/library')]);
        if (stopped) return;
        const hints = new Map<number, unknown>([[DecodeHintType.ASSUME_GS1, true], [DecodeHintType.TRY_HARDER, true]]);
        const reader = new BrowserMultiFormatReader(hints as never);
        const controls = await reader.decodeFromConstraints({ video: { facingMode: { ideal: 'environment' } }, audio: false }, el, (result) => {
          if (result) found(result.getText());
        });
        zxingStop = () => controls.stop();
        if (stopped) zxingStop();
      }
    })().catch((e: unknown) => {
      const err = e as { name?: string; message?: string };
      setError(
        err.name === 'NotAllowedError' ? 'The camera was not allowed. Allow it in the browser settings, or use the scanner or the keyboard.'
          : err.name === 'NotFoundError' || err.name === 'OverconstrainedError' ? 'This device has no camera the browser can use.'
          : err.message || String(e),
      );
    });

    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      zxingStop?.();
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [videoEl]);

  return (
    <Modal opened onClose={onClose} fullScreen title="Scan with the camera" closeButtonProps={{ 'aria-label': 'Close the camera', size: 48 } as never}>
      <Stack>
        {error ? (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert" title="No camera">
            {error}
          </Alert>
        ) : (
          <Box pos="relative" bg="black" style={{ borderRadius: 8, overflow: 'hidden' }}>
            <video ref={setVideoEl} muted playsInline style={{ width: '100%', maxHeight: '60dvh', display: 'block' }} aria-label="Camera picture" />
            <Box pos="absolute" top="30%" left="10%" w="80%" h="40%" style={{ border: '3px solid rgba(255,255,255,.8)', borderRadius: 8, pointerEvents: 'none' }} />
          </Box>
        )}
        {!error ? (
          <Text size="sm" c="dimmed">
            Hold the barcode inside the frame{engine ? ` (read by ${engine})` : ''}.
          </Text>
        ) : null}
        <Button size="lg" h={52} variant="default" onClick={onClose}>
          Close
        </Button>
      </Stack>
    </Modal>
  );
}
