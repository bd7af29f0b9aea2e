import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import type pw from 'playwright-core';
import { AppConfig } from '../config/app-config.js';
import { launchChromium } from './chromium.js';
import { fontFile, fontStylesheet, legacyFontAliases } from './fonts.js';

/** The origin a document is loaded from while printing; nothing is fetched from the network. */
const PRINT_ORIGIN = 'http://document.print';
const PRINT_TIMEOUT_MS = 60_000;
/** Same rules as GET /documents/:id: a document may load its stylesheets and fonts, nothing else. */
export const DOCUMENT_CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src data:; script-src 'none'";

export interface PrintedPdf {
  pdf: Buffer;
  /** Browser build that printed it, e.g. "HeadlessChrome 153.0.8010.0". */
  renderer: string;
}

/**
 * Prints HTML documents to A4 PDF in one headless Chromium per process, started on the
 * first print and kept, with at most PDF_MAX_PAGES pages printing at once (the rest wait
 * their turn). Each print has its own browser context; the document's stylesheets and fonts
 * are answered from the app's own files, every other request is refused. A browser that
 * crashes is started again on the next print; shutdown closes it.
 */
@Injectable()
export class PdfPrinter implements OnApplicationShutdown {
  private readonly log = new Logger('PdfPrinter');
  private browser?: Promise<pw.Browser>;
  private launches = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly config: AppConfig) {}

  async print(html: string): Promise<PrintedPdf> {
    await this.acquire();
    try {
      const browser = await this.start();
      const context = await browser.newContext();
      try {
        context.setDefaultTimeout(PRINT_TIMEOUT_MS);
        await context.route('**/*', (route) => this.answer(route, html));
        const page = await context.newPage();
        await page.goto(`${PRINT_ORIGIN}/document.html`, { waitUntil: 'load' });
        if (!html.includes('href="/fonts/')) await page.addStyleTag({ content: legacyFontAliases() });
        // Layout once more, then wait for every font slice the page uses: print only with the real glyphs.
        await page.evaluate('document.body.offsetHeight, document.fonts.ready.then(() => undefined)');
        const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        return { pdf, renderer: `${browser.browserType().name()} ${browser.version()}` };
      } finally {
        await context.close();
      }
    } finally {
      this.release();
    }
  }

  /** Whether a browser runs, browsers started so far, pages printing now, prints waiting for a page. */
  status(): { running: boolean; launches: number; printing: number; waiting: number } {
    return { running: !!this.browser, launches: this.launches, printing: this.active, waiting: this.waiting.length };
  }

  async onApplicationShutdown(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    await browser?.then((b) => b.close()).catch(() => undefined);
  }

  private start(): Promise<pw.Browser> {
    this.browser ??= launchChromium(this.config.CHROMIUM_PATH, (m) => this.log.warn(m)).then(
      ({ browser, source }) => {
        this.launches++;
        this.log.log(`Chromium ${browser.version()} started for PDF printing (${source})`);
        browser.once('disconnected', () => {
          if (this.browser) this.log.warn('Chromium exited; the next print starts it again');
          this.browser = undefined;
        });
        return browser;
      },
      (e: unknown) => {
        this.browser = undefined;
        throw e;
      },
    );
    return this.browser;
  }

  private async answer(route: pw.Route, html: string): Promise<void> {
    const url = new URL(route.request().url());
    if (url.origin !== PRINT_ORIGIN) return route.abort('blockedbyclient');
    if (url.pathname === '/document.html')
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        headers: { 'Content-Security-Policy': DOCUMENT_CSP },
        body: html,
      });
    const sheet = /^\/fonts\/([a-z0-9-]+)\.css$/.exec(url.pathname);
    const css = sheet && fontStylesheet(sheet[1]);
    if (css) return route.fulfill({ contentType: 'text/css; charset=utf-8', body: css });
    const slice = /^\/fonts\/([a-z0-9-]+)\/([^/]+)$/.exec(url.pathname);
    const file = slice && fontFile(slice[1], slice[2]);
    if (file) return route.fulfill({ contentType: 'font/woff2', body: await readFile(file) });
    return route.abort('blockedbyclient');
  }

  private async acquire(): Promise<void> {
    if (this.active < this.config.PDF_MAX_PAGES) {
      this.active++;
      return;
    }
    // release() hands its slot straight to the first waiter.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
