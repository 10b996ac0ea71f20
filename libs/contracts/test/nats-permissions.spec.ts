import fs from 'node:fs';
import path from 'node:path';
import * as contracts from '@app/contracts';
import { ServiceNames } from '@app/contracts';

const root = path.resolve(__dirname, '../../..');
const permissions = JSON.parse(fs.readFileSync(path.join(root, 'libs/contracts/nats-permissions.json'), 'utf8')) as {
  services: Record<string, { calls: string[] }>;
};

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(entry.name)) yield full;
  }
}

/** Subjects of other services that a service's code names through the contracts' subject maps (`AccountsSubjects.GetUser`). */
function calledSubjects(service: string): string[] {
  const maps = contracts as unknown as Record<string, unknown>;
  const found = new Set<string>();
  for (const file of sources(path.join(root, 'apps', service, 'src'))) {
    for (const [, map, key] of fs.readFileSync(file, 'utf8').matchAll(/\b([A-Z]\w*Subjects)\.(\w+)\b/g)) {
      const subject = (maps[map] as Record<string, unknown> | undefined)?.[key];
      if (typeof subject === 'string' && !subject.startsWith(`${service}.`)) found.add(subject);
    }
  }
  return [...found].sort();
}

/** libs/contracts/nats-permissions.json is what NATS enforces: it must name every service and every call the code makes. */
describe('NATS permissions', () => {
  it('has a user for every service', () => {
    expect(Object.keys(permissions.services).sort()).toEqual([...ServiceNames].sort());
  });

  it.each([...ServiceNames])("lets %s request exactly the other services' subjects its code calls", (service) => {
    const calls = calledSubjects(service).filter((s) => !s.endsWith('.health.check.v1'));
    expect({ service, calls }).toEqual({ service, calls: [...(permissions.services[service]?.calls ?? [])].sort() });
  });
});
