import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledChromium, resolveChromium } from './chromium.js';

describe('which Chromium prints', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'chromium-spec-'));
  const script = join(scratch, 'chromium');
  writeFileSync(script, '#!/bin/sh\n');
  const notExecutable = join(scratch, 'plain');
  writeFileSync(notExecutable, '');
  chmodSync(script, 0o755);

  it('without CHROMIUM_PATH (unset or empty): the bundled one, unpacked complete with its libraries and fonts.conf', async () => {
    for (const unset of [undefined, '']) {
      const warnings: string[] = [];
      const c = await resolveChromium(unset, (m) => warnings.push(m));
      expect(c.executablePath).toBe(join(await bundledChromium(), 'chromium'));
      expect(statSync(c.executablePath).mode & 0o111).not.toBe(0);
      expect(statSync(join(await bundledChromium(), 'lib', 'libnss3.so')).isFile()).toBe(true);
      expect(c.env?.FONTCONFIG_FILE).toBe(join(await bundledChromium(), 'fonts.conf'));
      expect(c.args).not.toContain('--single-process');
      expect(warnings).toEqual([]);
    }
  }, 120_000); // the first run on a machine unpacks the package's Chromium (a few seconds)

  it('an executable CHROMIUM_PATH is used as given, with the machine’s own libraries and fonts', async () => {
    const c = await resolveChromium(script);
    expect(c.executablePath).toBe(script);
    expect(c.env).toBeUndefined();
    expect(c.args).toContain('--no-sandbox');
  });

  it.each([
    ['a path that does not exist', join(scratch, 'missing'), 'does not exist'],
    ['a folder', scratch, 'is not a file'],
    ['a file that is not executable', notExecutable, 'is not executable'],
  ])('CHROMIUM_PATH naming %s: one warning that says why, then the bundled one', async (_, path, reason) => {
    const warnings: string[] = [];
    const c = await resolveChromium(path, (m) => warnings.push(m));
    expect(c.executablePath).toBe(join(await bundledChromium(), 'chromium'));
    expect(warnings).toEqual([`CHROMIUM_PATH=${path} ${reason}; using the bundled Chromium instead`]);
  });
});
