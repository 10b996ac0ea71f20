#!/usr/bin/env node
// Compiles apps/ and libs/ (not the web app) with SWC into dist/, file by file,
// skipping files whose output is newer than their source. Type checking is
// `npm run typecheck`; this build only transpiles, so it takes seconds.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
const skip = /(\.spec|\.integration-spec|\.e2e-spec|\.d)\.ts$/;

function* sources(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (['node_modules', 'test', 'web', 'dist'].includes(entry.name)) continue;
      yield* sources(full);
    } else if ((entry.name.endsWith('.ts') && !skip.test(entry.name)) || entry.name.endsWith('.sql')) {
      yield full;
    }
  }
}

export async function build({ quiet = false } = {}) {
  const swc = require('@swc/core');
  const swcOptions = require('./swc-options.cjs');
  const started = Date.now();
  let compiled = 0;
  const wanted = new Set();
  // test/support is the test harness (the platform in one process), which the benches use too.
  for (const dir of ['apps', 'libs', 'bench', 'test/support']) {
    for (const file of sources(path.join(root, dir))) {
      const rel = path.relative(root, file);
      const target = path.join(out, rel.replace(/\.ts$/, '.js'));
      wanted.add(target);
      if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(file).mtimeMs) continue;
      // SQL files (the services' database functions) are read at run time beside the compiled code.
      if (file.endsWith('.sql')) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(file, target);
        compiled++;
        continue;
      }
      const options = { ...swcOptions(), filename: file, outputPath: target };
      const result = await swc.transformFile(file, options);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, result.code + `\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (result.map) fs.writeFileSync(target + '.map', result.map);
      compiled++;
    }
  }
  // Remove outputs whose source is gone, so a deleted migration never runs.
  for (const file of walk(out)) {
    if ((file.endsWith('.js') || file.endsWith('.sql')) && !wanted.has(file)) {
      fs.rmSync(file);
      fs.rmSync(file + '.map', { force: true });
    }
  }
  if (!quiet) console.log(`build: ${compiled} file(s) compiled in ${Date.now() - started} ms`);
}

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** A production install (the image) has dist/ but no compiler: nothing to build, what is there runs. */
function prebuilt() {
  try {
    require.resolve('@swc/core');
    return false;
  } catch {
    return fs.existsSync(path.join(out, 'apps'));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (prebuilt()) {
    console.log('build: no @swc/core (a production install); using the dist/ built with the image');
    process.exit(0);
  }
  build().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
