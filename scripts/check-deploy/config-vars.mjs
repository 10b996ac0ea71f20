// The environment variables the code reads, from the config classes
// themselves (every property of an env class is a variable; see
// libs/common/src/config/base-env.ts), so a variable added to any class is
// picked up here without a list to keep.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Variables read outside the env classes: the image's entry point picks the part to run. */
export const IMAGE_VARS = ['SERVICE'];

/** { [app]: Set of variables } for every apps/<app>/src/config/*.env.ts, compiled in dist/. */
export function configVars(root) {
  require('reflect-metadata');
  const byApp = {};
  const appsDir = path.join(root, 'dist/apps');
  for (const app of fs.readdirSync(appsDir)) {
    const dir = path.join(appsDir, app, 'src/config');
    if (!fs.existsSync(dir)) continue;
    const vars = new Set(IMAGE_VARS);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.env.js'))) {
      for (const exported of Object.values(require(path.join(dir, file)))) {
        if (typeof exported !== 'function' || !/Env$/.test(exported.name)) continue;
        for (const key of Object.keys(new exported())) vars.add(key);
      }
    }
    byApp[app] = vars;
  }
  return byApp;
}

/** Variables named in README.md's Configuration table (first column, each `NAME` in it). */
export function readmeVars(root) {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  const vars = new Set();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
    for (const [, name] of line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)) vars.add(name);
  }
  return vars;
}
