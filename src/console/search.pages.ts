import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { RightsCase } from '../cases/case.entity.js';
import { Roles } from '../common/roles.decorator.js';
import { DocumentRecord } from '../documents/document.entity.js';
import { mayReadDocumentOf } from '../documents/document-readers.js';
import { EmployerListQuery, WorkerListQuery } from '../registry/registry.dto.js';
import { like, matchesLike, RegistryService } from '../registry/registry.service.js';
import { ConsolePages } from '../auth/console-session.js';
import { ConsoleFilter, type ConsoleRequest, pageContext } from './console-http.js';
import { validateAs } from './forms.js';
import { ConsoleViews } from './views.js';

/** How many of each kind one search shows; a caseworker narrows the words rather than pages. */
const PER_KIND = 20;

/**
 * The condition that a case's or document's number matches `like(term)` (bound as :t). A term of
 * one or two characters with one that no number's `〔year〕n号` tail holds can only match in the
 * number's head (migration NumberHeadSearch): the few heads of the user's counties that match,
 * then each one's first rows by number through an index, under the row policies. Longer terms
 * go through the trigram function, and terms of tail characters only read the numbers.
 */
export function numberMatches(alias: string, table: 'cases' | 'documents', term: string): string {
  const length = [...term].length;
  if (length >= 3 || length === 0 || !/[^0-9〔〕号]/u.test(term))
    return matchesLike(alias, `${table}_numbered_like`, `${alias}.number ILIKE :t`, term);
  const heads = table === 'cases' ? 'case_number_heads' : 'document_number_heads';
  return `${alias}.id IN (SELECT n.id FROM unnest(ARRAY(SELECT h FROM ${heads}() h WHERE h ILIKE :t)) head
    CROSS JOIN LATERAL (SELECT x.id FROM ${table} x WHERE x."numberHead" = head ORDER BY x.number LIMIT ${PER_KIND}) n)`;
}

/**
 * The search box on every page: workers by name, ID number or phone, cases by 案件编号,
 * documents by 文号, employers by name or credit code. Only what the user reaches is found
 * (row-level security), so a station sees its township's records only.
 */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleFilter)
@Controller('console/search')
export class SearchPages {
  constructor(
    private readonly registry: RegistryService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: ConsoleViews,
  ) {}

  @Get()
  @Roles('caseworker', 'admin', 'finance')
  async search(@Query('q') raw: unknown, @Req() req: ConsoleRequest, @Res() res: Response): Promise<void> {
    const q = typeof raw === 'string' ? raw.trim() : '';
    const ctx = pageContext(req, res);
    if (!q) {
      res.type('html').send(this.views.render('search', '查找', ctx, { q, message: '请输入要查找的内容。' }));
      return;
    }
    const list = { q, page: 1, pageSize: PER_KIND, order: 'asc', sort: 'name' };
    const [wq, eq] = await Promise.all([validateAs(WorkerListQuery, list), validateAs(EmployerListQuery, list)]);
    if (Object.keys(wq.errors).length || Object.keys(eq.errors).length) {
      res
        .status(400)
        .type('html')
        .send(this.views.render('search', '查找', ctx, { q, message: '查找内容过长，请不超过60个字。' }));
      return;
    }
    const [workers, employers, cases, documents] = await Promise.all([
      this.registry.listWorkers(wq.dto),
      this.registry.listEmployers(eq.dto),
      this.db
        .getRepository(RightsCase)
        .createQueryBuilder('c')
        .where(numberMatches('c', 'cases', q), { t: like(q) })
        .orderBy('c.number', 'ASC')
        .take(PER_KIND)
        .getMany(),
      this.db
        .getRepository(DocumentRecord)
        .createQueryBuilder('d')
        .select(['d.id', 'd.number', 'd.title', 'd.issuedOn', 'd.subjectType'])
        .where(numberMatches('d', 'documents', q), { t: like(q) })
        .orderBy('d.number', 'ASC')
        .take(PER_KIND)
        .getMany()
        // Only documents this role may open: the others are not shown to exist.
        .then((ds) => ds.filter((d) => mayReadDocumentOf(req.actor, d.subjectType))),
    ]);
    const found = workers.items.length + employers.items.length + cases.length + documents.length;
    res.type('html').send(
      this.views.render('search', `查找 ${q}`, ctx, {
        q,
        workers,
        employers,
        cases,
        documents,
        // Cases are worked on by caseworkers and admins; finance sees the number only.
        caseLinks: req.actor.role !== 'finance',
        message: found ? null : `没有找到与“${q}”相符的记录。`,
        perKind: PER_KIND,
        allWorkers: `/console/workers?${new URLSearchParams({ q })}`,
        allEmployers: `/console/employers?${new URLSearchParams({ q })}`,
      }),
    );
  }
}
