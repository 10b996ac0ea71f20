import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Every operation in src/ is typed against the gateway's generated schema
 * (apps/gateway/schema.gql, committed by the gateway): an operation that
 * asks for something the gateway does not serve fails the build here, not in
 * a person's browser.
 */
const config: CodegenConfig = {
  schema: '../gateway/schema.gql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', Money: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
};

export default config;
