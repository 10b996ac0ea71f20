import fs from 'node:fs';
import path from 'node:path';
import { buildSchemaSdl } from './print-schema';

describe('apps/gateway/schema.gql', () => {
  it('is the schema the resolvers generate (run `npm run schema` after changing the API)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../schema.gql'), 'utf8');
    expect(await buildSchemaSdl()).toBe(committed);
  });
});
