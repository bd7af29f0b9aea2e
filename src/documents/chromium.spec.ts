import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledChromium, launchChromium } from './chromium.js';

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
