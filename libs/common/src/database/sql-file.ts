import fs from 'node:fs';
import path from 'node:path';

/**
 * The text of a SQL file kept beside the code (a service's database
 * functions under `src/database/functions/`); the build copies `.sql` files
 * next to the compiled JavaScript, so the same relative path works from the
 * sources (tests) and from `dist/` (production).
 */
export function readSqlFile(dir: string, relative: string): string {
  return fs.readFileSync(path.join(dir, relative), 'utf8');
}
