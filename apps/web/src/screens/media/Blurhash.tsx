import { decode } from 'blurhash';
import { useEffect, useRef } from 'react';

/** A BlurHash painted into a small canvas, stretched under the photo while it loads. */
export function Blurhash({ hash, className }: { hash: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    try {
      const pixels = decode(hash, 32, 32);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const image = ctx.createImageData(32, 32);
      image.data.set(pixels);
      ctx.putImageData(image, 0, 0);
    } catch {
      /* a hash that does not decode leaves the plain background */
    }
  }, [hash]);
  return <canvas ref={ref} width={32} height={32} className={className ?? 'blurhash'} aria-hidden="true" />;
}
