import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { shanghaiDateTimeOf } from '../common/dates.js';
import { cnDate, formatYuan } from '../documents/money-format.js';
import { templatesDir } from '../documents/template-engine.js';
import { label } from '../common/labels.js';

export interface PageContext {
  actor: Actor;
  csrf: string;
  path: string;
  flash?: string | null;
}

type Nav = { href: string; text: string; roles: string[] };
const NAV: Nav[] = [
  { href: '/console/overview', text: '工作台', roles: ['admin', 'caseworker'] },
  { href: '/console/tasks', text: '待办', roles: ['admin', 'caseworker', 'finance'] },
  { href: '/console/cases', text: '案件办理', roles: ['admin', 'caseworker'] },
  { href: '/console/placements', text: '就业登记', roles: ['admin', 'caseworker'] },
  { href: '/console/workers/new', text: '人员登记', roles: ['admin', 'caseworker'] },
  { href: '/console/employers/new', text: '用工单位', roles: ['admin', 'caseworker'] },
  { href: '/console/households', text: '零就业家庭', roles: ['admin', 'caseworker'] },
  { href: '/console/imports', text: '台账导入', roles: ['admin', 'caseworker'] },
  { href: '/console/calendar', text: '节假日安排', roles: ['admin'] },
  { href: '/console/claims', text: '补贴审批', roles: ['finance', 'admin'] },
  { href: '/console/payouts', text: '发放记录', roles: ['finance', 'admin'] },
  { href: '/console/my-referrals', text: '我的补贴', roles: ['broker'] },
];

/** A calendar date, a Date or an ISO instant that names a real moment. */
function isMoment(d: unknown): d is string | Date {
  if (typeof d !== 'string' && !(d instanceof Date)) return false;
  try {
    cnDate(d);
    return true;
  } catch {
    return false;
  }
}

/**
 * The console's pages: handlebars templates under templates/console/, one per page, rendered
 * into templates/console/layout.hbs. Data is always escaped ({{ }}); the only raw output is
 * the page body rendered by this engine and SVG charts built by our own code.
 */
@Injectable()
export class ConsoleViews {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor(private readonly config: AppConfig) {
    const dir = join(templatesDir(), 'console');
    const h = this.hbs;
    h.registerHelper('yuan', (fen: unknown) =>
      typeof fen === 'number' || (typeof fen === 'string' && /^-?\d+$/.test(fen)) ? `¥${formatYuan(Number(fen))}` : '—',
    );
    // Dates and timestamps both print as Asia/Shanghai dates (a timestamp through shanghaiDateOf).
    h.registerHelper('cnDate', (d: unknown) => (isMoment(d) ? cnDate(d) : '—'));
    h.registerHelper('time', (d: unknown) => {
      if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
      return isMoment(d) ? shanghaiDateTimeOf(d) : '—';
    });
    h.registerHelper('label', (group: string, key: unknown) => label(group, key));
    h.registerHelper('eq', (a: unknown, b: unknown) => String(a) === String(b));
    h.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    h.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    h.registerHelper('not', (a: unknown) => !a);
    h.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
    h.registerHelper('rate', (r: unknown) => (typeof r === 'number' && Number.isFinite(r) ? `${r}%` : '—'));
    h.registerHelper('includes', (list: unknown, v: unknown) =>
      Array.isArray(list) ? list.map(String).includes(String(v)) : typeof list === 'string' && list === String(v),
    );
    for (const f of readdirSync(join(dir, 'partials'))) {
      if (f.endsWith('.hbs')) h.registerPartial(f.slice(0, -4), readFileSync(join(dir, 'partials', f), 'utf8'));
    }
    for (const f of readdirSync(dir)) {
      if (f.endsWith('.hbs') && f !== 'layout.hbs')
        this.pages.set(f.slice(0, -4), h.compile(readFileSync(join(dir, f), 'utf8')));
    }
    this.layout = h.compile(readFileSync(join(dir, 'layout.hbs'), 'utf8'));
  }

  /** A whole page: the named template inside the layout, with the navigation of the actor's role. */
  render(page: string, title: string, ctx: PageContext | null, data: Record<string, unknown> = {}): string {
    const t = this.pages.get(page);
    if (!t) throw new Error(`no console page ${page}`);
    const common = { ...data, csrf: ctx?.csrf, actor: ctx?.actor, bureau: this.config.BUREAU_NAME };
    const body = t(common);
    const nav = ctx
      ? NAV.filter((n) => n.roles.includes(ctx.actor.role)).map((n) => ({ ...n, active: ctx.path.startsWith(n.href) }))
      : [];
    return this.layout({
      title,
      body,
      nav,
      actor: ctx?.actor,
      roleName: ctx ? label('role', ctx.actor.role) : '',
      csrf: ctx?.csrf,
      flash: ctx?.flash,
      bureau: this.config.BUREAU_NAME,
    });
  }
}
