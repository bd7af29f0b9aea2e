import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pw from 'playwright-core';

/** Debian's Chromium, as the machine notes say to start it (no downloads, no background networking). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export async function launchBrowser(): Promise<pw.Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return pw.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Logs in through the console's login form, as a person would. */
export async function loginAs(
  page: pw.Page,
  baseUrl: string,
  username: string,
  password: string,
  path = '/console',
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/console\/login/);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await page.click('main button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/console/login'));
}

export const shot = (page: pw.Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
