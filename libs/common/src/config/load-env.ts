import { validateSync } from 'class-validator';

/**
 * Reads the variables a class declares from the environment, converts them to
 * the type of their default and validates them; a bad value stops the process
 * at boot with every problem listed.
 */
export function loadEnv<T extends object>(cls: new () => T, source: NodeJS.ProcessEnv = process.env): T {
  const env = new cls();
  const record = env as Record<string, unknown>;
  for (const key of Object.keys(env)) {
    const raw = source[key];
    if (raw === undefined || raw === '') continue;
    const current = record[key];
    if (typeof current === 'number') record[key] = Number(raw);
    else if (typeof current === 'boolean') record[key] = ['1', 'true', 'yes'].includes(raw.toLowerCase());
    else record[key] = raw;
  }
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map(
      (e) => `  ${e.property}=${JSON.stringify(record[e.property])}: ${Object.values(e.constraints ?? {}).join(', ')}`,
    );
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
