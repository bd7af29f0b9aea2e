import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { type Actor, requestContext } from '../common/request-context.js';
import { mayReadDocumentOf } from './document-readers.js';
import { DocumentErrors } from './documents.errors.js';
import { shanghaiToday } from '../common/dates.js';
import { DOCUMENT_TYPES, DocumentType } from './document-types.js';
import { DocumentPdf, DocumentRecord } from './document.entity.js';
import { nextNumber } from './numbering.js';
import { PdfPrinter, PrintedPdf } from './pdf-printer.js';
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

/**
 * The office that issues a record's documents, its county bureau (for a city's own report, the
 * city): letterhead, 文号 prefix, phone, seal, and the number series of its office id.
 */
export interface Issuer {
  officeId: number;
  name: string;
  documentPrefix: string;
  phone: string | null;
  sealText: string | null;
}

export type DocumentSummary = Pick<
  DocumentRecord,
  'id' | 'countyId' | 'type' | 'title' | 'number' | 'issuedOn' | 'sha256' | 'subjectType' | 'subjectId' | 'createdAt'
>;

export interface StoredPdf {
  pdf: Buffer;
  sha256: string;
}

@Injectable()
export class DocumentsService implements OnModuleInit {
  private readonly log = new Logger('Documents');
  private engine!: TemplateEngine;
  private readonly printing = new Map<number, Promise<StoredPdf>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly printer: PdfPrinter,
  ) {}

  onModuleInit(): void {
    // Compile every template at start: a broken template stops the process, not a request.
    this.engine = new TemplateEngine();
  }

  /**
   * Whose documents a record's are: the county the record belongs to; for a subject that is no
   * record (a month's report), the acting user's county, or a city user's city.
   */
  async issuer(subjectType: string, subjectId: number, m: EntityManager = this.db.manager): Promise<Issuer> {
    const [issuer]: (Issuer & { documentPrefix: string | null })[] = await m.query(
      `SELECT o.id AS "officeId", o.name, o."documentPrefix", o.phone, o."sealText" FROM offices o
        WHERE o.id = coalesce(subject_county($1, $2), app_county(),
                              (SELECT c.id FROM offices c WHERE c.id = app_office() AND c.kind = 'city'))`,
      [subjectType, subjectId],
    );
    if (!issuer) throw DocumentErrors.NO_ISSUER();
    // A county always has its prefix; a city has one once an admin has set it.
    if (!issuer.documentPrefix) throw DocumentErrors.NO_PREFIX({ office: issuer.name });
    return issuer as Issuer;
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
      // The county's own letterhead and series: each county numbers its documents from 1.
      const county = await this.issuer(req.subjectType, req.subjectId, m);
      const seq = await nextNumber(m, county.officeId, `doc:${req.type}`, year);
      const number = `${county.documentPrefix}${meta.code}〔${year}〕${seq}号`;
      const doc = {
        bureauName: county.name,
        sealText: county.sealText ?? county.name,
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
          countyId: county.officeId,
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
        countyId: true,
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
    if (!d) throw DocumentErrors.NOT_FOUND();
    return d;
  }

  /**
   * A document for a person who asked for it: one about a record their role may not open is
   * answered as if it did not exist, so walking ids tells them nothing.
   */
  async getFor(id: number, actor: Pick<Actor, 'role'>): Promise<DocumentRecord> {
    const d = await this.get(id);
    if (!mayReadDocumentOf(actor, d.subjectType)) throw DocumentErrors.NOT_FOUND();
    return d;
  }

  /** The PDF for a person who asked for it, under the same rule as {@link getFor}. */
  async pdfFor(id: number, actor: Pick<Actor, 'role'>): Promise<StoredPdf> {
    await this.getFor(id, actor);
    return this.pdf(id);
  }

  /**
   * The document's PDF: the stored copy when it was printed before; otherwise printed now
   * from the stored HTML, stored with its SHA-256 (audited) and served from then on.
   */
  async pdf(id: number): Promise<StoredPdf> {
    const stored = await this.storedPdf(id);
    if (stored) return stored;
    // Two requests for one unprinted document share one print.
    let printing = this.printing.get(id);
    if (!printing) {
      printing = this.printAndStore(id).finally(() => this.printing.delete(id));
      this.printing.set(id, printing);
    }
    return printing;
  }

  private async storedPdf(id: number): Promise<StoredPdf | undefined> {
    const row = await this.db
      .getRepository(DocumentPdf)
      .createQueryBuilder('p')
      .addSelect('p.pdf')
      .where('p.documentId = :id', { id })
      .getOne();
    return row ? { pdf: row.pdf, sha256: row.sha256 } : undefined;
  }

  private async printAndStore(id: number): Promise<StoredPdf> {
    const doc = await this.get(id);
    let printed: PrintedPdf;
    try {
      printed = await this.printer.print(doc.html);
    } catch (e) {
      this.log.error(`printing document ${id} to PDF failed: ${(e as Error).message}`);
      throw DocumentErrors.PDF_UNAVAILABLE();
    }
    const sha256 = createHash('sha256').update(printed.pdf).digest('hex');
    const createdBy = requestContext.get()?.actor?.username ?? 'system:workflow';
    return this.db.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO "document_pdfs" ("documentId", "pdf", "sha256", "bytes", "renderer", "createdBy")
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT ("documentId") DO NOTHING RETURNING "documentId"`,
        [id, printed.pdf, sha256, printed.pdf.length, printed.renderer, createdBy],
      );
      // Another process stored it first: serve that copy, never a second one.
      if (inserted.length === 0) return (await this.storedPdf(id))!;
      await this.audit.record(
        {
          entity: 'document',
          entityId: id,
          action: 'print_pdf',
          after: { sha256, bytes: printed.pdf.length, renderer: printed.renderer },
        },
        m,
      );
      return { pdf: printed.pdf, sha256 };
    });
  }

  /** The stored PDF's fingerprint, or null while the document was never printed. */
  async pdfMeta(id: number): Promise<Omit<DocumentPdf, 'pdf' | 'documentId'> | null> {
    const row = await this.db.getRepository(DocumentPdf).findOneBy({ documentId: id });
    if (!row) return null;
    const { pdf: _pdf, documentId: _id, ...meta } = row;
    return meta;
  }
}

function summary(d: DocumentRecord): DocumentSummary {
  return {
    id: d.id,
    countyId: d.countyId,
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
