// The web's API types (web/src/shared/api-types.ts) are what the server's OpenAPI document gives:
// a route schema changed without `npm run gen:api` fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/gen-api.ts';

test('web/src/shared/api-types.ts is generated from the current OpenAPI document (npm run gen:api)', async () => {
  const fresh = await generateApiTypes();
  assert.ok(fresh.includes('"/api/v1/applications/{id}"'), 'the document has the API paths');
  assert.equal(readFileSync(API_TYPES_FILE, 'utf8'), fresh, 'stale: run npm run gen:api');
});
