import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { bundledChromium, launchChromium, untarBrotli } from './chromium.js';

describe('unpacking the bundled browser', () => {
  it('takes an archive whose tar stops reading before the padding after its end marker is written', async () => {
    const work = mkdtempSync(join(tmpdir(), 'untar-'));
    writeFileSync(join(work, 'lib.so'), '字体');
    const tar = spawnSync('tar', ['-c', '-C', work, 'lib.so']);
    expect(tar.status).toBe(0);
    // 8 MB of zeros after the end marker, far more than a pipe holds: tar exits at the marker
    // before they are all written.
    const archive = join(work, 'a.tar.br');
    const fast = { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } };
    writeFileSync(archive, brotliCompressSync(Buffer.concat([tar.stdout, Buffer.alloc(8 << 20)]), fast));
    const into = join(work, 'out');
    mkdirSync(into);
    await untarBrotli(archive, into);
    expect(readFileSync(join(into, 'lib.so'), 'utf8')).toBe('字体');
  });

  it('still fails on an archive tar cannot read', async () => {
    const work = mkdtempSync(join(tmpdir(), 'untar-'));
    const archive = join(work, 'a.tar.br');
    writeFileSync(archive, brotliCompressSync(Buffer.from('not a tar archive'.repeat(100))));
    mkdirSync(join(work, 'out'));
    await expect(untarBrotli(archive, join(work, 'out'))).rejects.toThrow(/tar failed/);
  });
});

describe('starting the browser', () => {
  it('starts again when the browser dies during start-up, and says so', async () => {
    const dir = await bundledChromium();
    const work = mkdtempSync(join(tmpdir(), 'chromium-crash-'));
    const count = join(work, 'starts');
    // A browser that crashes (SIGSEGV) on its first start, as the bundled build now and then
    // does on a loaded machine, and is the real bundled browser from the second start on.
    const wrapper = join(work, 'chromium');
    writeFileSync(
      wrapper,
      `#!/bin/sh
echo x >> '${count}'
if [ "$(wc -l < '${count}')" -eq 1 ]; then kill -SEGV $$; fi
export LD_LIBRARY_PATH='${join(dir, 'lib')}' FONTCONFIG_FILE='${join(dir, 'fonts.conf')}'
exec '${join(dir, 'chromium')}' "$@"
`,
      { mode: 0o755 },
    );
    const warnings: string[] = [];
    const { browser } = await launchChromium(wrapper, (m) => warnings.push(m));
    try {
      const page = await browser.newPage();
      await page.setContent('<p>打印</p>');
      expect(await page.textContent('p')).toBe('打印');
    } finally {
      await browser.close();
    }
    expect(readFileSync(count, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(warnings).toEqual([expect.stringMatching(/^Chromium did not start .*; starting it again$/)]);
  }, 60_000);
});
