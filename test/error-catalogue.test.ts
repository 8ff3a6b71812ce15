// One catalogue: every code a client can receive (AppError, PkiError, upload and gateway codes)
// is in ERRORS with its HTTP status and a message in kk, ru and en.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERRORS } from '../src/errors/errors.ts';
import { GATEWAY_ERRORS } from '../src/gateway/errors.ts';
import { GatewayError } from '../src/gateway/errors.ts';

test('ERRORS lists the gateway codes with the status and messages GatewayError sends', () => {
  for (const [code, [status, msg]] of Object.entries(GATEWAY_ERRORS)) {
    assert.deepEqual(ERRORS[code as keyof typeof ERRORS], [status, msg], code);
    const e = new GatewayError(code as keyof typeof GATEWAY_ERRORS, { systemId: 'persons', serviceId: 'getPerson', correlationId: 'c1' });
    assert.equal(e.status, status);
    assert.equal(e.toJSON().code, code);
  }
});

test('every code has an HTTP error status and a non-empty kk/ru/en message', () => {
  for (const [code, [status, msg]] of Object.entries(ERRORS)) {
    assert.ok(status >= 400 && status < 600, code);
    for (const l of ['kk', 'ru', 'en'] as const) assert.ok(msg[l].trim().length > 0, `${code}.${l}`);
  }
});
