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

/** Who logs in through the form: a test login. */
export interface ConsoleUser {
  username: string;
  password: string;
}

/** A fresh browser context signed in as this user, desktop-wide unless a width is given. */
export async function signedInPage(
  browser: pw.Browser,
  baseUrl: string,
  who: ConsoleUser,
  width = 1280,
): Promise<pw.Page> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  await loginAs(page, baseUrl, who.username, who.password);
  return page;
}

/** Clicks what sends a form (or follows a link) and waits for the page it leads to; its response. */
export const submitAndWait = (page: pw.Page, selector: string) =>
  Promise.all([page.waitForNavigation(), page.click(selector)]).then(([r]) => r);

/** A page's screenshots at both widths: the desktop the office uses and a phone in the field. */
export async function bothWidths(
  browser: pw.Browser,
  baseUrl: string,
  who: ConsoleUser,
  path: string,
  name: string,
): Promise<void> {
  for (const [width, suffix] of [
    [1280, 'desktop'],
    [390, 'phone'],
  ] as const) {
    const page = await signedInPage(browser, baseUrl, who, width);
    await page.goto(`${baseUrl}${path}`);
    await shot(page, `${name}-${suffix}`);
    await page.context().close();
  }
}
