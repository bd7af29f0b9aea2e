/**
 * Official documents on a machine without a system Chromium or CJK fonts: the fonts come
 * from the app (/fonts, shipped by npm), the PDF from the Chromium that npm installs. A PDF
 * is printed once, stored with its own SHA-256 and served byte for byte after that.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pw from 'playwright-core';
import { AppConfig } from '../src/config/app-config.js';
import { DocumentsService } from '../src/documents/documents.service.js';
import { PdfPrinter } from '../src/documents/pdf-printer.js';
import { createTestApp, TestApp } from './support/app.js';
import { launchBrowser } from './support/browser.js';
import { auditRows, workerBody } from './support/fixtures.js';
import { embeddedFonts, pdfText } from './support/pdf.js';

let t: TestApp;
let cw: { Authorization: string };
let cwName: string;
/** The record the test documents are about: a document is its record's county's. */
let subjectId: number;

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  const u = await t.login('caseworker');
  cw = u.auth;
  cwName = u.username;
  subjectId = (await t.http.post('/workers').set(cw).send(workerBody()).expect(201)).body.id;
}, 60_000);
afterAll(() => t?.close());

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** GET with the body as bytes. */
const getBinary = (path: string, headers: Record<string, string> = {}) =>
  t.http
    .get(path)
    .set(headers)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

async function getPdf(id: number) {
  const res = await getBinary(`/documents/${id}.pdf`, cw);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return { pdf: res.body as Buffer, etag: res.headers.etag as string };
}

/** A 签订劳动合同提醒函 through the real renderer, with names no other test uses. */
function issue(employer = `测试用工单位${randomBytes(2).toString('hex')}`) {
  return t.app.get(DocumentsService).render({
    type: 'contract_reminder',
    businessKey: `documents-e2e-${randomBytes(6).toString('hex')}`,
    subjectType: 'worker',
    subjectId,
    data: {
      employer: { name: employer },
      worker: { name: '张三丰', idMasked: '230781********1234' },
      placement: { job: '电子装配工', destination: '江苏省苏州市', startDate: '2026-11-02' },
      policyDays: 15,
      deadline: '2026-11-17',
      daysLeft: 3,
      caseworker: { name: '李经办', phone: '0458-5612345' },
    },
  });
}

describe('the shipped fonts', () => {
  it('are served without a login: one stylesheet per family (Regular and Bold) and its woff2 slices, nothing else of the package', async () => {
    const css = await t.http.get('/fonts/noto-serif-sc.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.text).toContain("font-family: 'Noto Serif SC'");
    expect(css.text).toContain('font-weight: 700');
    expect(css.text).not.toContain('./files/');
    const slice = /url\((\/fonts\/noto-serif-sc\/noto-serif-sc-[0-9]+-400-normal\.woff2)\)/.exec(css.text)![1];
    const font = await getBinary(slice).expect(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect((font.body as Buffer).subarray(0, 4).toString('latin1')).toBe('wOF2');
    expect((await t.http.get('/fonts/noto-sans-sc.css').expect(200)).text).toContain("font-family: 'Noto Sans SC'");
    for (const path of [
      '/fonts/arial.css',
      '/fonts/noto-serif-sc/package.json',
      '/fonts/noto-serif-sc/..%2Fpackage.json',
      '/fonts/noto-serif-sc/noto-serif-sc-0-400-normal.woff',
      '/fonts/noto-sans-sc/noto-serif-sc-0-400-normal.woff2',
    ])
      await t.http.get(path).expect(404);
  });
});

describe('PDF renditions', () => {
  it('a new document prints with its Chinese text in the shipped fonts, is stored with its own SHA-256 (audited) and served byte for byte after', async () => {
    const d = await issue('苏州精密电子有限公司');
    const html = (await t.http.get(`/documents/${d.id}`).set(cw).expect(200)).text;
    expect(html).toContain('href="/fonts/noto-serif-sc.css"');

    const first = await getPdf(d.id);
    expect(first.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(first.etag).toBe(`"${sha256(first.pdf)}"`);
    // The glyphs come from the fonts the app serves, not from the machine (which has no CJK font).
    expect(embeddedFonts(first.pdf).some((f) => f.startsWith('NotoSerifSC'))).toBe(true);
    const text = (await pdfText(first.pdf)).replace(/\s+/g, '');
    for (const words of ['签订劳动合同提醒函', d.number, '苏州精密电子有限公司', '张三丰', '电子装配工'])
      expect(text).toContain(words);

    const again = await getPdf(d.id);
    expect(again.pdf.equals(first.pdf)).toBe(true);
    const meta = (await t.http.get(`/documents/${d.id}/meta`).set(cw).expect(200)).body;
    expect(meta.sha256).toBe(sha256(html));
    expect(meta.pdf).toMatchObject({
      sha256: sha256(first.pdf),
      bytes: first.pdf.length,
      createdBy: expect.any(String),
    });
    expect(meta.pdf.renderer).toMatch(/^chromium \d+\./);
    expect((await auditRows(t, 'document', d.id)).map((r) => r.action)).toEqual(['issue', 'print_pdf']);
    expect((await auditRows(t, 'document', d.id))[1]).toMatchObject({ actorName: cwName, actorRole: 'caseworker' });

    await expect(t.db.query(`UPDATE document_pdfs SET pdf = '\\x00' WHERE "documentId" = $1`, [d.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(t.db.query(`DELETE FROM document_pdfs WHERE "documentId" = $1`, [d.id])).rejects.toThrow(/immutable/);
  });

  it('a document issued before the fonts were shipped (naming the system Noto CJK families) opens unchanged and prints in the shipped fonts', async () => {
    const html = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>限期签订劳动合同通知书</title>
<style>body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; font-size: 16px; }
h1 { font-family: "Noto Sans CJK SC", sans-serif; }</style></head>
<body><h1>限期签订劳动合同通知书</h1><p>哈尔滨鑫达建筑工程有限公司：请于二〇二六年十二月十日前与劳务输出人员订立书面劳动合同。</p></body></html>`;
    const key = randomBytes(4).toString('hex');
    const [{ id }] = await t.db.query(
      `INSERT INTO documents ("countyId", type, title, year, seq, number, "subjectType", "subjectId", "businessKey", "issuedOn", data, html, sha256, "createdBy")
       VALUES ((SELECT min(id) FROM offices WHERE kind = 'county'), 'contract_rectification', '限期签订劳动合同通知书', 2025, $1, $2, 'test', 1, $3, '2025-12-01', '{}', $4, $5, 'caseworker')
       RETURNING id`,
      [900000 + Math.floor(Math.random() * 99999), `旧文书〔2025〕${key}号`, `legacy-${key}`, html, sha256(html)],
    );
    const shown = await t.http.get(`/documents/${id}`).set(cw).expect(200);
    expect(shown.text).toBe(html);

    const { pdf } = await getPdf(id);
    const fonts = embeddedFonts(pdf);
    expect(fonts.some((f) => f.startsWith('NotoSerifSC'))).toBe(true);
    expect(fonts.some((f) => f.startsWith('NotoSansSC'))).toBe(true);
    expect((await pdfText(pdf)).replace(/\s+/g, '')).toContain('哈尔滨鑫达建筑工程有限公司');
  });

  it('concurrent requests share one browser with at most PDF_MAX_PAGES pages at once; two requests for one document store one PDF', async () => {
    const printer = t.app.get(PdfPrinter);
    const limit = t.app.get(AppConfig).PDF_MAX_PAGES;
    const docs = await Promise.all(Array.from({ length: 5 }, () => issue()));
    const { launches } = printer.status();
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, printer.status().printing)), 2);
    const results = await Promise.all(docs.flatMap((d) => [getPdf(d.id), getPdf(d.id)]));
    clearInterval(sampler);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(limit);
    expect(printer.status()).toEqual({ running: true, launches, printing: 0, waiting: 0 });
    for (let i = 0; i < docs.length; i++) expect(results[2 * i].pdf.equals(results[2 * i + 1].pdf)).toBe(true);
    const rows: { n: string }[] = await t.db.query(
      `SELECT count(*) AS n FROM document_pdfs WHERE "documentId" = ANY($1::int[])`,
      [docs.map((d) => d.id)],
    );
    expect(Number(rows[0].n)).toBe(docs.length);
  });

  it('shutdown closes the browser; a later print starts a new one', async () => {
    const printer = t.app.get(PdfPrinter);
    const before = printer.status();
    expect(before.running).toBe(true);
    await printer.onApplicationShutdown();
    expect(printer.status()).toMatchObject({ running: false, launches: before.launches });
    await getPdf((await issue()).id);
    expect(printer.status()).toMatchObject({ running: true, launches: before.launches + 1 });
  });

  it('an unknown document answers 404 without printing anything', async () => {
    const before = t.app.get(PdfPrinter).status();
    const res = await t.http.get('/documents/2147480000.pdf').set(cw);
    expect(res.status).toBe(404);
    expect(t.app.get(PdfPrinter).status()).toEqual(before);
  });
});

describe('who may open a document', () => {
  it("finance opens a worker's document but not a rights case's: that one answers 404 as if it did not exist", async () => {
    const fin = (await t.login('finance')).auth;
    const caseId = (
      await t.http
        .post('/cases')
        .set(cw)
        .send({
          kind: 'wage_arrears',
          workerIds: [subjectId],
          facts: '2026年9月工资3000元未发放',
          amountClaimedFen: 300000,
          knewOn: '2026-11-20',
          channel: 'window',
        })
        .expect(201)
    ).body.id as number;
    const aboutCase = await t.app.get(DocumentsService).render({
      type: 'contract_reminder',
      businessKey: `documents-e2e-case-${randomBytes(6).toString('hex')}`,
      subjectType: 'case',
      subjectId: caseId,
      data: {
        employer: { name: '某公司' },
        worker: { name: '某人', idMasked: '230781********1234' },
        placement: { job: '岗位', destination: '某地', startDate: '2026-01-01' },
        policyDays: 15,
        deadline: '2026-01-16',
        daysLeft: 3,
        caseworker: { name: '王', phone: '0458-5612345' },
      },
    });
    const aboutWorker = await issue();
    for (const path of [
      `/documents/${aboutCase.id}`,
      `/documents/${aboutCase.id}/meta`,
      `/documents/${aboutCase.id}.pdf`,
    ]) {
      const res = await t.http.get(path).set(fin);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'DOCUMENT.NOT_FOUND']);
    }
    await t.http.get(`/documents/${aboutCase.id}/meta`).set(cw).expect(200);
    await t.http.get(`/documents/${aboutWorker.id}/meta`).set(fin).expect(200);
  });
});

describe('in a browser', () => {
  let browser: pw.Browser;
  let base: string;
  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('/documents/:id loads the shipped fonts under its Content-Security-Policy', async () => {
    const d = await issue();
    const ctx = await browser.newContext({ extraHTTPHeaders: cw });
    const page = await ctx.newPage();
    const refused: string[] = [];
    page.on('console', (m) => m.type() === 'error' && refused.push(m.text()));
    page.on('requestfailed', (r) => refused.push(r.url()));
    await page.goto(`${base}/documents/${d.id}`);
    const loaded = await page.evaluate(
      'document.fonts.ready.then(() => [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family.replaceAll(\'"\', "") + " " + f.weight))',
    );
    expect(loaded).toEqual(expect.arrayContaining(['Noto Serif SC 400', 'Noto Serif SC 700']));
    expect(await page.evaluate(`document.fonts.check('16pt "Noto Serif SC"', '签订劳动合同提醒函')`)).toBe(true);
    expect(refused).toEqual([]);
    await ctx.close();
  });
});
