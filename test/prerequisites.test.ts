// Issue 8 item 1: `npm test` on a machine without Chromium either installs it (root + apt-get)
// or stops before any test with one line naming the package.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..');
// The child is a test run of its own, not a subtest of this one.
const { NODE_TEST_CONTEXT: _ctx, ...ENV } = process.env;

test('a missing system package stops the run before any test, with one line naming it', () => {
  const r = spawnSync(process.execPath, ['scripts/test.mjs', '--only', 'iin.test'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...ENV, CHROMIUM_PATH: '/nonexistent/chromium', QYZMET_NO_INSTALL: '1' },
  });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '', 'no test ran');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /apt-get install chromium$/);
});

test('with everything present the same command runs the tests', () => {
  const r = spawnSync(process.execPath, ['scripts/test.mjs', '--only', 'iin.test'], { cwd: ROOT, encoding: 'utf8', env: { ...ENV, QYZMET_NO_INSTALL: '1' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /# pass [1-9]/);
});
