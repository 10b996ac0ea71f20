// deploy/Dockerfile and .dockerignore, read as the builder would: a clean
// checkout builds (every workspace's manifest is in place before `npm ci`),
// Node 22 LTS pinned, the web app built and in the runtime image, no dev
// dependencies there, a non-root user; the context holds no local data.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function checkDockerfile(root, problems) {
  const { DockerfileParser } = require('dockerfile-ast');
  const text = fs.readFileSync(path.join(root, 'deploy/Dockerfile'), 'utf8');
  const instructions = DockerfileParser.parse(text).getInstructions();
  const args = Object.fromEntries(instructions.filter((i) => i.getKeyword() === 'ARG').map((i) => i.getArgumentsContent().split('=')));
  const stages = [];
  for (const i of instructions) {
    if (i.getKeyword() === 'FROM') {
      const image = i
        .getArguments()[0]
        .getValue()
        .replace(/^\$\{?(\w+)\}?$/, (_, name) => args[name] ?? name);
      stages.push({ image, lines: [] });
      if (!/^node:22\.\d+\.\d+-/.test(image)) problems.push(`Dockerfile: base image ${image} is not a pinned Node 22 LTS`);
    } else stages.at(-1)?.lines.push(`${i.getKeyword()} ${i.getArgumentsContent()}`);
  }
  const [build, runtime] = [stages[0]?.lines ?? [], stages.at(-1)?.lines ?? []];
  const npmCi = build.findIndex((l) => /^RUN .*npm ci/.test(l));
  const copied = build
    .slice(0, npmCi)
    .filter((l) => l.startsWith('COPY'))
    .join(' ');
  const workspaces = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces ?? [];
  for (const manifest of ['package.json', 'package-lock.json', ...workspaces.map((w) => `${w}/package.json`)]) {
    if (!copied.includes(manifest)) problems.push(`Dockerfile: ${manifest} is not copied before npm ci`);
  }
  if (!build.some((l) => /npm run build --workspace apps\/web/.test(l))) problems.push('Dockerfile: the web app is not built');
  if (!build.some((l) => /npm prune --omit=dev/.test(l))) problems.push('Dockerfile: dev dependencies are not pruned');
  if (!runtime.some((l) => /^COPY .*apps\/web\/dist/.test(l))) problems.push('Dockerfile: the runtime image has no apps/web/dist');
  const user = runtime.filter((l) => l.startsWith('USER')).at(-1);
  if (!user || /^USER (root|0)\b/.test(user)) problems.push('Dockerfile: the runtime image does not run as a non-root user');
  const ignore = fs.existsSync(path.join(root, '.dockerignore'))
    ? fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n')
    : [];
  for (const must of ['data', '**/node_modules', '**/dist', '**/.env', '.git']) {
    if (!ignore.includes(must)) problems.push(`.dockerignore: does not exclude ${must}`);
  }
}
