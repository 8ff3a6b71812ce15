/**
 * The web's API types from the server's OpenAPI document (openapi-typescript):
 *   npm run gen:api            writes web/src/shared/api-types.ts
 *   npm run gen:api -- --check exits 1 when the file is not what the document gives (stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../src/http/openapi.ts';

export const API_TYPES_FILE = resolve(import.meta.dirname, '../web/src/shared/api-types.ts');

const HEADER = `/**
 * Generated from the server's OpenAPI document by \`npm run gen:api\` (scripts/gen-api.ts,
 * openapi-typescript). Do not edit: change the route's schema and generate again.
 */
`;

export async function generateApiTypes(): Promise<string> {
  const doc = await openApiDocument();
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const text = await generateApiTypes();
  if (process.argv.includes('--check')) {
    let now = '';
    try {
      now = readFileSync(API_TYPES_FILE, 'utf8');
    } catch {
      /* missing: stale */
    }
    if (now !== text) {
      console.error(`${API_TYPES_FILE} is stale: run npm run gen:api`);
      process.exit(1);
    }
    console.log('api types up to date');
  } else {
    writeFileSync(API_TYPES_FILE, text);
    console.log(`wrote ${API_TYPES_FILE}`);
  }
}
