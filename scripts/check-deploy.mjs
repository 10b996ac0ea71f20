#!/usr/bin/env node
// What .ci/run checks of deploy/ without a container runtime (README: Deploying):
// the Dockerfile and .dockerignore, the compose file against the Compose
// schema, the Kubernetes manifests against the Kubernetes schemas, NATS's
// users generated from the permissions, and every variable deploy/ sets
// read by the config classes and named in README's Configuration table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { configVars, readmeVars } from './check-deploy/config-vars.mjs';
import { checkCompose } from './check-deploy/compose.mjs';
import { checkDockerfile } from './check-deploy/dockerfile.mjs';
import { checkK8s } from './check-deploy/k8s.mjs';
import { deployAuthConf } from './nats-config.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function checkDeploy() {
  await build({ quiet: true });
  const problems = [];
  const vars = configVars(root);
  const everything = new Set(Object.values(vars).flatMap((s) => [...s]));
  checkDockerfile(root, problems);
  const compose = checkCompose(path.join(root, 'deploy/compose.yaml'), vars, problems);
  const objects = checkK8s(path.join(root, 'deploy/k8s'), vars, problems);
  const auth = path.join(root, 'deploy/nats/auth.conf');
  if (!fs.existsSync(auth) || fs.readFileSync(auth, 'utf8') !== deployAuthConf()) {
    problems.push('deploy/nats/auth.conf is stale: node scripts/nats-config.mjs > deploy/nats/auth.conf');
  }
  const named = new Set();
  for (const service of Object.values(compose.services ?? {})) {
    if (service.build) for (const key of Object.keys(service.environment ?? {})) named.add(key);
  }
  for (const { obj } of objects) {
    if (obj.kind === 'ConfigMap') for (const key of Object.keys(obj.data ?? {})) named.add(key);
    const spec = obj.spec?.template?.spec;
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) for (const e of c.env ?? []) named.add(e.name);
  }
  const readme = readmeVars(root);
  for (const name of [...new Set([...named, ...everything])].sort()) {
    if (!everything.has(name)) problems.push(`deploy/ sets ${name}, which no config class reads`);
    if (!readme.has(name)) problems.push(`README.md's Configuration table has no row for ${name}`);
  }
  return { problems, vars: everything.size, objects: objects.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { problems, vars, objects } = await checkDeploy();
  for (const p of problems) console.error(`deploy: ${p}`);
  if (problems.length) {
    console.error(`check-deploy: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`check-deploy: Dockerfile, compose, ${objects} Kubernetes objects and ${vars} variables check out`);
}
