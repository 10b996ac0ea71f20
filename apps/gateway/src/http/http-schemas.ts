/**
 * The JSON schemas of the GraphQL routes, as Mercurius (which served them
 * before) declared them, so requests are checked and coerced, and 2xx
 * responses serialized, exactly as they were.
 */

const requestProperties = {
  query: { type: 'string' },
  persisted: { type: 'boolean' },
  operationName: { type: ['string', 'null'] },
};

const response = {
  '2xx': {
    type: 'object',
    properties: {
      data: { type: ['object', 'null'], additionalProperties: true },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['message'],
          properties: {
            message: { type: 'string' },
            locations: {
              type: 'array',
              items: { type: 'object', properties: { line: { type: 'integer' }, column: { type: 'integer' } } },
            },
            path: { type: 'array', items: { type: 'string' } },
            extensions: { type: 'object', properties: { code: { type: 'string' } }, additionalProperties: true },
          },
        },
      },
      extensions: { type: 'object', additionalProperties: true },
    },
  },
};

/** GET: variables and extensions come as JSON text in the URL. */
export const GET_SCHEMA = {
  querystring: {
    type: 'object',
    properties: { ...requestProperties, variables: { type: 'string' }, extensions: { type: 'string' } },
  },
  response,
};

/** POST: the body is checked in graphql-http.ts (a JSON schema here would coerce `{"query":1}` into a document). */
export const POST_SCHEMA = { response };
