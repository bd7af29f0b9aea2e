import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cnDate, formatYuan, yuanUpper } from './money-format.js';
import { DOCUMENT_TYPE_NAMES, DocumentType } from './document-types.js';

/** templates/ at the project root, from src/ (tests) or dist/src/ (built). */
export function templatesDir(): string {
  const candidates = [
    process.env.TEMPLATES_DIR,
    fileURLToPath(new URL('../../templates/', import.meta.url)),
    fileURLToPath(new URL('../../../templates/', import.meta.url)),
  ];
  for (const c of candidates) if (c && existsSync(join(c, 'layout.hbs'))) return c;
  throw new Error('templates/ not found (set TEMPLATES_DIR)');
}

/**
 * Compiles every template once, in strict mode (a missing field throws instead of
 * printing nothing), on a private Handlebars instance with the document helpers.
 * Templates use only escaped {{ }} for data; the engine refuses any that use {{{ }}}.
 */
export class TemplateEngine {
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<DocumentType, Handlebars.TemplateDelegate>();

  constructor(dir = templatesDir()) {
    this.hbs.registerHelper('cnDate', (d: string) => cnDate(d));
    this.hbs.registerHelper('yuan', (fen: number) => formatYuan(fen));
    this.hbs.registerHelper('yuanUpper', (fen: number) => yuanUpper(fen));
    const layout = readFileSync(join(dir, 'layout.hbs'), 'utf8');
    this.refuseRawOutput('layout', layout);
    this.hbs.registerPartial('layout', layout);
    for (const type of DOCUMENT_TYPE_NAMES) {
      const src = readFileSync(join(dir, `${type}.hbs`), 'utf8');
      this.refuseRawOutput(type, src);
      this.compiled.set(type, this.hbs.compile(src, { strict: true }));
    }
  }

  private refuseRawOutput(name: string, src: string): void {
    if (/\{\{\{|\{\{&/.test(src))
      throw new Error(`template ${name} uses unescaped output ({{{ }}} or {{& }}); only {{ }} is allowed`);
  }

  render(type: DocumentType, data: Record<string, unknown>): string {
    const t = this.compiled.get(type);
    if (!t) throw new Error(`no template for document type ${type}`);
    return t(data);
  }
}
