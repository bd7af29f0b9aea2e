import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type pw from 'playwright-core';
import { launchChromium } from '../../src/documents/chromium.js';

export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/** The same Chromium the API prints with: CHROMIUM_PATH, else the one `npm install` brought. */
export async function launchBrowser(): Promise<pw.Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return (await launchChromium(process.env.CHROMIUM_PATH || undefined, console.warn)).browser;
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
