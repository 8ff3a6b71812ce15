// What the test suite needs from the operating system, checked before any test runs.
// Each entry names the Debian package that provides it. When one is missing and we are
// root on Debian/Ubuntu, it is installed with apt-get (once, quietly); otherwise the run
// stops at once with one line naming the packages to install. Later issues add their
// needs here (a PDF font, poppler for pdftotext checks, …), never to .ci/run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** @type {{ what: string, pkg: string, present: () => boolean }[]} */
export const PREREQUISITES = [
  {
    what: 'Chromium for the browser tests',
    pkg: 'chromium',
    present: () => existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium'),
  },
  {
    what: 'pdftotext and pdffonts for the document tests',
    pkg: 'poppler-utils',
    present: () => onPath('pdftotext') && onPath('pdffonts'),
  },
];

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Ensure every prerequisite is there. Returns normally when all are (or have just been
 * installed); exits the process with status 1 and one line otherwise.
 */
export function ensurePrerequisites({ log = console.log } = {}) {
  const missing = PREREQUISITES.filter((p) => !p.present());
  if (!missing.length) return;
  const pkgs = [...new Set(missing.map((p) => p.pkg))];
  const canInstall = process.env.QYZMET_NO_INSTALL !== '1' && process.getuid?.() === 0 && onPath('apt-get');
  if (canInstall) {
    log(`# installing ${pkgs.join(' ')} (${missing.map((p) => p.what).join('; ')}) with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
    const ok = run(['update', '-qq']) && run(['install', '-y', '-qq', '--no-install-recommends', ...pkgs]);
    const still = PREREQUISITES.filter((p) => !p.present());
    if (ok && !still.length) return;
  }
  console.error(`missing: ${missing.map((p) => p.what).join('; ')} — install with: apt-get install ${pkgs.join(' ')}`);
  process.exit(1);
}
