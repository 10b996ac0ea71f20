// deploy/k8s/*.yaml: every object valid against the Kubernetes schemas
// (kubernetes-models), and the shape a production deployment needs: probes,
// securityContext, pinned images, a Secret per part, a PodDisruptionBudget
// per Deployment, default-deny NetworkPolicy, the migration Job.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import YAML from 'yaml';

const require = createRequire(import.meta.url);

function model(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  const id = group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  return require(id)[kind];
}

export function k8sObjects(dir) {
  const objects = [];
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const obj = doc.toJS();
      if (obj?.kind) objects.push({ file, obj });
    }
  }
  return objects;
}

function checkPodSpec(where, spec, problems) {
  if (!spec.securityContext?.runAsNonRoot) problems.push(`${where}: pod securityContext.runAsNonRoot is not true`);
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false || sc.readOnlyRootFilesystem !== true || !sc.capabilities?.drop?.includes('ALL')) {
      problems.push(`${where}/${c.name}: securityContext must drop ALL, forbid privilege escalation, read-only root`);
    }
    if (!/:[0-9][\w.-]*$/.test(c.image ?? '') || /:latest$/.test(c.image))
      problems.push(`${where}/${c.name}: image ${c.image} is not a pinned tag`);
  }
}

function envNames(container) {
  return (container.env ?? []).map((e) => e.name);
}

export function checkK8s(dir, vars, problems) {
  const objects = k8sObjects(dir);
  const configMaps = new Map();
  for (const { file, obj } of objects) {
    const Model = model(obj.apiVersion, obj.kind);
    try {
      new Model(obj).validate();
    } catch (err) {
      problems.push(`k8s ${file}: ${obj.kind}/${obj.metadata?.name}: ${err.message.split('\n')[0]}`);
    }
    if (obj.kind === 'ConfigMap') configMaps.set(obj.metadata.name, Object.keys(obj.data ?? {}));
  }
  const deployments = objects.filter(({ obj }) => obj.kind === 'Deployment').map(({ obj }) => obj);
  const pdbs = objects.filter(({ obj }) => obj.kind === 'PodDisruptionBudget').map(({ obj }) => obj.spec.selector.matchLabels?.app);
  for (const d of deployments) {
    const name = d.metadata.name;
    const spec = d.spec.template.spec;
    checkPodSpec(`Deployment ${name}`, spec, problems);
    if (!pdbs.includes(name)) problems.push(`Deployment ${name} has no PodDisruptionBudget`);
    for (const c of spec.containers) {
      if (!c.readinessProbe || !c.livenessProbe) problems.push(`Deployment ${name}/${c.name}: needs readiness and liveness probes`);
      const app = (c.env ?? []).find((e) => e.name === 'SERVICE')?.value;
      const allowed = vars[app];
      if (!allowed) {
        problems.push(`Deployment ${name}: SERVICE=${app} has no config class`);
        continue;
      }
      const secrets = (c.envFrom ?? []).filter((e) => e.secretRef).map((e) => e.secretRef.name);
      if (secrets.join() !== name) problems.push(`Deployment ${name}: reads Secrets [${secrets}], not only its own "${name}"`);
      const fromMaps = (c.envFrom ?? []).filter((e) => e.configMapRef).flatMap((e) => configMaps.get(e.configMapRef.name) ?? []);
      for (const key of [...envNames(c), ...fromMaps]) {
        if (!allowed.has(key)) problems.push(`Deployment ${name}: sets ${key}, which ${app}'s config does not read`);
      }
    }
  }
  const jobs = objects.filter(({ obj }) => obj.kind === 'Job').map(({ obj }) => obj);
  if (!jobs.length) problems.push('k8s: no migration Job');
  for (const j of jobs) checkPodSpec(`Job ${j.metadata.name}`, j.spec.template.spec, problems);
  const policies = objects.filter(({ obj }) => obj.kind === 'NetworkPolicy').map(({ obj }) => obj);
  if (
    !policies.some(
      (p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && p.spec.policyTypes?.length === 2 && !p.spec.ingress && !p.spec.egress,
    )
  ) {
    problems.push('k8s: no default-deny NetworkPolicy');
  }
  if (!objects.some(({ obj }) => obj.kind === 'Ingress')) problems.push('k8s: no Ingress for the gateway');
  return objects;
}
