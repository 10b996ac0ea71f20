import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { digitsOnly } from '../../lib/format';

/**
 * Reads a bill's barcode with the camera, in the browser (ZXing). Iranian
 * bills print the 26 digits as Interleaved 2 of 5 or Code 128; the library is
 * loaded only when the camera is opened.
 */
export function BillScanner({ onBarcode }: { onBarcode: (digits: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  // The camera starts once, when the scanner opens; a new onBarcode from the parent does not restart it.
  const found = useEffectEvent(onBarcode);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera');
      const [{ BrowserMultiFormatReader }, { BarcodeFormat, DecodeHintType }] = await Promise.all([
        import('@zxing/browser'),
        import('@zxing/library'),
      ]);
      const hints = new Map([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.ITF, BarcodeFormat.CODE_128, BarcodeFormat.QR_CODE]]]);
      const reader = new BrowserMultiFormatReader(hints as never);
      const controls = await reader.decodeFromVideoDevice(undefined, video.current!, (result) => {
        const digits = result ? digitsOnly(result.getText()) : '';
        if (digits.length === 26) {
          controls.stop();
          found(digits);
        }
      });
      if (cancelled) controls.stop();
      else stop = () => controls.stop();
    })().catch(() => !cancelled && setError('دوربین در دسترس نیست. اجازهٔ دسترسی به دوربین را بدهید یا شماره‌ها را بنویسید.'));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);
  return (
    <div className="scanner stack">
      <video ref={video} muted playsInline aria-label="تصویر دوربین برای خواندن بارکد قبض" />
      <p className="hint">بارکد قبض را جلوی دوربین بگیرید.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
