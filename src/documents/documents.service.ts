import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { requestContext } from '../audit/request-context.js';
import { DomainError, notFound } from '../common/errors.js';
import { shanghaiToday } from '../common/dates.js';
import { AppConfig } from '../config/app-config.js';
import { DOCUMENT_TYPES, DocumentType } from './document-types.js';
import { DocumentRecord } from './document.entity.js';
import { nextNumber } from './numbering.js';
import { TemplateEngine } from './template-engine.js';

export interface RenderRequest {
  type: DocumentType;
  /** Unique per document: rendering again with the same key returns the first one. */
  businessKey: string;
  subjectType: string;
  subjectId: number;
  /** Template fields (without `doc`, which the engine adds). */
  data: Record<string, unknown>;
  issuedOn?: string;
}

export type DocumentSummary = Pick<
  DocumentRecord,
  'id' | 'type' | 'title' | 'number' | 'issuedOn' | 'sha256' | 'subjectType' | 'subjectId' | 'createdAt'
>;

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'];

@Injectable()
export class DocumentsService implements OnModuleInit {
  private engine!: TemplateEngine;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // Compile every template at start: a broken template stops the process, not a request.
    this.engine = new TemplateEngine();
  }

  /**
   * Renders and stores a numbered document, idempotently by businessKey. Pass the
   * caller's transaction so the number is only consumed if the whole change commits.
   */
  async render(req: RenderRequest, manager?: EntityManager): Promise<DocumentSummary> {
    const run = async (m: EntityManager): Promise<DocumentSummary> => {
      const existing = await m.findOne(DocumentRecord, { where: { businessKey: req.businessKey } });
      if (existing) return summary(existing);
      const issuedOn = req.issuedOn ?? shanghaiToday();
      const year = Number(issuedOn.slice(0, 4));
      const meta = DOCUMENT_TYPES[req.type];
      const seq = await nextNumber(m, `doc:${req.type}`, year);
      const number = `${this.config.DOCUMENT_PREFIX}${meta.code}〔${year}〕${seq}号`;
      const doc = {
        bureauName: this.config.BUREAU_NAME,
        number,
        title: meta.title,
        issuedOn,
        sha256Note: '本文书由系统生成后不再改动，可凭文号在系统中核验其内容摘要（SHA-256）',
      };
      const html = this.engine.render(req.type, { ...req.data, doc });
      const sha256 = createHash('sha256').update(html, 'utf8').digest('hex');
      const createdBy = requestContext.get()?.actor?.username ?? 'system:workflow';
      const rec = await m.save(
        DocumentRecord,
        m.create(DocumentRecord, {
          type: req.type,
          title: meta.title,
          year,
          seq,
          number,
          subjectType: req.subjectType,
          subjectId: req.subjectId,
          businessKey: req.businessKey,
          issuedOn,
          data: req.data,
          html,
          sha256,
          createdBy,
        }),
      );
      await this.audit.record(
        {
          entity: 'document',
          entityId: rec.id,
          action: 'issue',
          after: { type: rec.type, number, subjectType: rec.subjectType, subjectId: rec.subjectId, sha256 },
        },
        m,
      );
      return summary(rec);
    };
    return manager ? run(manager) : this.db.transaction(run);
  }

  async listFor(subjectType: string, subjectId: number): Promise<DocumentSummary[]> {
    const rows = await this.db.getRepository(DocumentRecord).find({
      where: { subjectType, subjectId },
      select: {
        id: true,
        type: true,
        title: true,
        number: true,
        issuedOn: true,
        sha256: true,
        subjectType: true,
        subjectId: true,
        createdAt: true,
      },
      order: { id: 'ASC' },
    });
    return rows.map(summary);
  }

  async get(id: number): Promise<DocumentRecord> {
    const d = await this.db.getRepository(DocumentRecord).findOneBy({ id });
    if (!d) throw notFound('document');
    return d;
  }

  /** A PDF rendition printed by headless Chromium (a real renderer) when it is installed. */
  async pdf(id: number): Promise<Buffer> {
    const doc = await this.get(id);
    const chromium = process.env.CHROMIUM_PATH ?? CHROMIUM_PATHS.find((p) => existsSync(p));
    if (!chromium)
      throw new DomainError(
        'DOCUMENT.PDF_UNAVAILABLE',
        'PDF renditions need Chromium on the server (apt-get install chromium fonts-noto-cjk); the HTML is at /documents/:id',
        HttpStatus.NOT_IMPLEMENTED,
      );
    const dir = await mkdtemp(join(tmpdir(), 'doc-pdf-'));
    try {
      await writeFile(join(dir, 'doc.html'), doc.html);
      await new Promise<void>((ok, fail) =>
        execFile(
          chromium,
          [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            `--user-data-dir=${join(dir, 'profile')}`,
            '--no-pdf-header-footer',
            `--print-to-pdf=${join(dir, 'doc.pdf')}`,
            `file://${join(dir, 'doc.html')}`,
          ],
          { timeout: 60_000 },
          (err) => (err ? fail(err) : ok()),
        ),
      );
      return await readFile(join(dir, 'doc.pdf'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function summary(d: DocumentRecord): DocumentSummary {
  return {
    id: d.id,
    type: d.type,
    title: d.title,
    number: d.number,
    issuedOn: d.issuedOn,
    sha256: d.sha256,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    createdAt: d.createdAt,
  };
}
