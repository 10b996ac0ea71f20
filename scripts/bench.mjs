#!/usr/bin/env node
// `npm run bench [-- name ...]`: builds, then runs each benchmark under bench/
// (dist/bench/<name>/run.js) one after another. Each prints its figures and
// its ratio to a baseline measured in the same run; none is part of npm test.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build();
const wanted = process.argv.slice(2);
const benches = fs
  .readdirSync(path.join(root, 'dist/bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'dist/bench', d.name, 'run.js')))
  .map((d) => d.name)
  .filter((name) => !wanted.length || wanted.includes(name));
let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench/${name} ===`);
  const result = spawnSync(process.execPath, [path.join(root, 'dist/bench', name, 'run.js')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    failed++;
    console.log(`bench/${name} exited with ${result.status}`);
  }
}
process.exit(failed ? 1 : 0);
