import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { shanghaiToday } from '../common/dates.js';
import { LABELS } from '../common/labels.js';
import { formatYuan } from '../identity/index.js';
import type { PublicJobQuery } from './jobs.dto.js';

/** One open order as the public sees it: the job and its terms, the employer's name, and whom to ask (the bureau). */
export interface PublicJob {
  id: number;
  county: string;
  /** Where to apply: the county bureau (职业介绍), never the employer's own contact. */
  applyTo: string;
  applyPhone: string | null;
  employerName: string;
  job: string;
  openings: number;
  wageMinFen: number;
  wageMaxFen: number;
  wage: string;
  destination: string;
  township: string | null;
  startDate: string;
  endDate: string | null;
  requirements: string;
  board: boolean;
  lodging: boolean;
  terms: string;
}

const MAX_ROWS = 500;

/**
 * 用工信息发布: the open orders as the public list, the printable sheet, the poster and the export
 * show them. Public, so it reads only what may be published: no worker, no employer contact, no
 * agreement or notes, no counts of who was placed.
 */
@Injectable()
export class PublicJobsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(
    q: PublicJobQuery,
  ): Promise<{ items: PublicJob[]; asOf: string; counties: { id: number; name: string }[] }> {
    const today = shanghaiToday();
    const like = (s: string) => `%${s.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db.query(
      `SELECT o.id, c.name AS county, c.phone AS "applyPhone", e.name AS "employerName", o.job,
              greatest(o.headcount - o.filled, 0) AS openings, o."wageMinFen", o."wageMaxFen", o.destination, o.township,
              to_char(o."startDate", 'YYYY-MM-DD') AS "startDate", to_char(o."endDate", 'YYYY-MM-DD') AS "endDate",
              o."ageMin", o."ageMax", o.sex, o."sexReason", o.skills, o.certificates, o.board, o.lodging
         FROM job_orders o JOIN employers e ON e.id = o."employerId" JOIN offices c ON c.id = o."countyId"
        WHERE o.status IN ('open', 'partly_filled') AND (o."endDate" IS NULL OR o."endDate" >= $1)
          AND ($2::int IS NULL OR o."countyId" = $2) AND ($3::text IS NULL OR o.township = $3)
          AND ($4::text IS NULL OR o.destination ILIKE $4) AND ($5::text IS NULL OR o.job ILIKE $5 OR e.name ILIKE $5)
        ORDER BY o."startDate", o.id LIMIT ${MAX_ROWS}`,
      [
        today,
        q.county ?? null,
        q.township?.trim() || null,
        q.destination ? like(q.destination) : null,
        q.q ? like(q.q) : null,
      ],
    );
    const counties = await this.db.query(`SELECT id, name FROM offices WHERE kind = 'county' AND active ORDER BY id`);
    return { items: rows.map(publicJob), asOf: today, counties };
  }

  /** The export for the county's WeChat account or website: UTF-8 with a BOM so spreadsheets open it as such. */
  csv(items: PublicJob[]): string {
    const head = [
      '编号',
      '用工单位',
      '岗位',
      '招用人数',
      '月工资',
      '务工地点',
      '招工乡镇',
      '开始日期',
      '结束日期',
      '条件',
      '食宿',
      '报名单位',
      '报名电话',
    ];
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      // A leading =, +, - or @ would be read as a formula by a spreadsheet.
      const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
      return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    const lines = items.map((j) =>
      [
        j.id,
        j.employerName,
        j.job,
        j.openings,
        j.wage,
        j.destination,
        j.township ?? '全县',
        j.startDate,
        j.endDate ?? '长期',
        j.requirements,
        j.terms,
        j.applyTo,
        j.applyPhone ?? '',
      ]
        .map(cell)
        .join(','),
    );
    return `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`;
  }
}

/** Whole yuan without the .00 a notice board would not print. */
const yuan = (fen: number) => formatYuan(fen).replace(/\.00$/, '');

function publicJob(r: Record<string, unknown>): PublicJob {
  const min = Number(r.wageMinFen);
  const max = Number(r.wageMaxFen);
  const parts: string[] = [];
  const ageMin = r.ageMin as number | null;
  const ageMax = r.ageMax as number | null;
  if (ageMin !== null && ageMax !== null) parts.push(`${ageMin}—${ageMax}岁`);
  else if (ageMin !== null) parts.push(`${ageMin}岁以上`);
  else if (ageMax !== null) parts.push(`${ageMax}岁以下`);
  if (r.sex) parts.push(`限${LABELS.sex[r.sex as string]}性（${r.sexReason as string}）`);
  if ((r.skills as string[]).length) parts.push(`技能：${(r.skills as string[]).join('、')}`);
  if ((r.certificates as string[]).length) parts.push(`证书：${(r.certificates as string[]).join('、')}`);
  const terms = [r.board ? '包吃' : '不包吃', r.lodging ? '包住' : '不包住'].join('、');
  return {
    id: Number(r.id),
    county: String(r.county),
    applyTo: String(r.county),
    applyPhone: (r.applyPhone as string | null) ?? null,
    employerName: String(r.employerName),
    job: String(r.job),
    openings: Number(r.openings),
    wageMinFen: min,
    wageMaxFen: max,
    wage: min === max ? `${yuan(min)}元` : `${yuan(min)}—${yuan(max)}元`,
    destination: String(r.destination),
    township: (r.township as string | null) ?? null,
    startDate: String(r.startDate),
    endDate: (r.endDate as string | null) ?? null,
    requirements: parts.join('；') || '不限',
    board: Boolean(r.board),
    lodging: Boolean(r.lodging),
    terms,
  };
}
