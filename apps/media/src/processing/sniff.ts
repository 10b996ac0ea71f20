import { fromBuffer } from 'file-type';
import { sniffText } from '../media/media.rules';

/** Enough of the start of a file for every signature file-type knows. */
export const HEAD_BYTES = 4100;

/**
 * The type of a file by its bytes (file-type's magic numbers; text has none,
 * so markup is named by sniffText). file-type is pinned at 16, its last
 * CommonJS major: later ones are ES modules only, which our CommonJS build
 * and Jest cannot require.
 */
export async function sniffType(head: Buffer): Promise<string> {
  const found = await fromBuffer(head);
  if (!found || found.mime === 'application/xml') return sniffText(head);
  return found.mime;
}
