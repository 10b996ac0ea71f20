import sharp from 'sharp';
import { encode } from 'blurhash';
import { rejected } from '../media/media.errors';

export interface ProcessedPhoto {
  data: Buffer;
  mimeType: string;
  width: number;
  height: number;
  thumbnail: Buffer;
  blurhash: string;
}

const OUTPUT: Record<string, { format: keyof sharp.FormatEnum; mime: string }> = {
  jpeg: { format: 'jpeg', mime: 'image/jpeg' },
  png: { format: 'png', mime: 'image/png' },
  webp: { format: 'webp', mime: 'image/webp' },
  gif: { format: 'gif', mime: 'image/gif' },
  heif: { format: 'jpeg', mime: 'image/jpeg' },
};

/**
 * A photo decoded and re-encoded with sharp (libvips): turned upright by
 * its EXIF orientation, then written without any metadata (sharp keeps none
 * unless asked), so EXIF, GPS, XMP and IPTC are gone; a WebP thumbnail of at
 * most 320 px on the long side and a BlurHash of 4×3 components. The pixel
 * limit is checked from the header before anything is decoded, so a
 * decompression bomb costs nothing.
 */
export async function processPhoto(input: Buffer, maxPixels: number): Promise<ProcessedPhoto> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw rejected('UNREADABLE', 'The photo cannot be read');
  }
  const out = meta.format ? OUTPUT[meta.format] : undefined;
  if (!out || !meta.width || !meta.height) throw rejected('TYPE_MISMATCH', 'Not a photo');
  if (meta.width * meta.height > maxPixels) throw rejected('TOO_LARGE', `At most ${maxPixels} pixels`);
  try {
    const options = { limitInputPixels: maxPixels, failOn: 'error' as const };
    const { data, info } = await sharp(input, options)
      .rotate()
      .toFormat(out.format, out.format === 'jpeg' ? { quality: 85, mozjpeg: true } : {})
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data).resize(320, 320, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
    const small = await sharp(data).resize(32, 32, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const blurhash = encode(new Uint8ClampedArray(small.data), small.info.width, small.info.height, 4, 3);
    return { data, mimeType: out.mime, width: info.width, height: info.height, thumbnail, blurhash };
  } catch {
    throw rejected('UNREADABLE', 'The photo cannot be decoded');
  }
}
