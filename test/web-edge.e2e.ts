/**
 * The web edge: security headers on every answer, a Content-Security-Policy that forbids
 * inline script on the console (its script is a file of the app, and a real browser runs it
 * without a single violation), and no cached copies of pages or answers with personal data.
 */
import type pw from 'playwright-core';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser, signedInPage } from './support/browser.js';

let t: TestApp;
let browser: pw.Browser;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  await t.app.listen(0, '127.0.0.1');
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('headers', () => {
  it('a console page: no inline script, no framing, no sniffing, no referrer elsewhere, no copy kept', async () => {
    const res = await t.http.get('/console/login').expect(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toMatch(/<script>/);
    expect(res.text).toContain('<script src="/console/assets/console.js" defer></script>');
  });

  it('an API answer with personal data is not kept either; the fonts and the script may be', async () => {
    const cw = (await t.login('caseworker')).auth;
    const api = await t.http.get('/workers?pageSize=1').set(cw).expect(200);
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['x-powered-by']).toBeUndefined();
    const js = await t.http.get('/console/assets/console.js').expect(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['cache-control']).toMatch(/^public/);
    const css = await t.http.get('/fonts/noto-sans-sc.css').expect(200);
    expect(css.headers['cache-control']).toMatch(/^public/);
  });

  it('Swagger UI keeps its own inline scripts: the docs carry the other headers but no policy', async () => {
    const res = await t.http.get('/api/docs/').redirects(1);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('in a browser', () => {
  it('the console runs its script under the policy without one violation', async () => {
    const login = await t.login('caseworker');
    const violations: string[] = [];
    const page = await signedInPage(browser, base, login, 390);
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${base}/console/workers`);
    // The script ran: the list's cells carry their column names (the phone's cards).
    await page.waitForSelector('#worker-list.as-cards');
    await page.goto(`${base}/console/tasks`);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});

describe('behind a TLS proxy (TRUST_PROXY)', () => {
  const cookies = (res: { headers: Record<string, unknown> }) => (res.headers['set-cookie'] as string[]) ?? [];

  it('without the setting, a forwarded https is not believed: the cookies are not Secure', async () => {
    const res = await t.http.get('/console/login').set('X-Forwarded-Proto', 'https').expect(200);
    expect(cookies(res).length).toBeGreaterThan(0);
    for (const c of cookies(res)) expect(c).not.toMatch(/;\s*Secure/i);
  });

  it('with the proxy trusted, its https makes the cookies Secure, and plain http still does not', async () => {
    process.env.TRUST_PROXY = 'loopback';
    const behind = await createTestApp({ worker: false });
    try {
      const res = await behind.http.get('/console/login').set('X-Forwarded-Proto', 'https').expect(200);
      expect(cookies(res).length).toBeGreaterThan(0);
      for (const c of cookies(res)) expect(c).toMatch(/;\s*Secure/i);
      const plain = await behind.http.get('/console/login').expect(200);
      for (const c of cookies(plain)) expect(c).not.toMatch(/;\s*Secure/i);
    } finally {
      delete process.env.TRUST_PROXY;
      await behind.close();
    }
  });
});
