import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../common/request-context.js';
import { daysBetween, shanghaiDateOf, shanghaiDateTimeOf, shanghaiToday } from '../common/dates.js';
import { cnDate, formatYuan } from '../documents/money-format.js';
import { templatesDir } from '../documents/template-engine.js';
import { label } from '../common/labels.js';
import { tagClass } from '../common/status-tones.js';

export interface PageContext {
  actor: Actor;
  csrf: string;
  path: string;
  flash?: string | null;
  /** What was searched for, kept in the search box on the results page. */
  query?: string;
  navCounts?: NavCounts;
}

/** The small numbers beside 待办 and 案件办理 in the navigation. */
export interface NavCounts {
  tasks?: number;
  cases?: number;
}

/**
 * One entry of the navigation. `group` is the sidebar heading it sits under (one of NAV_GROUPS);
 * an entry without one (or with an unknown one) still shows, under 其他 at the end.
 */
type Nav = { href: string; text: string; roles: string[]; count?: keyof NavCounts; group?: string };
const NAV: Nav[] = [
  { href: '/console/overview', text: '工作台', roles: ['admin', 'caseworker'], group: '日常办理' },
  {
    href: '/console/tasks',
    text: '待办',
    roles: ['admin', 'caseworker', 'finance'],
    count: 'tasks',
    group: '日常办理',
  },
  { href: '/console/cases', text: '案件办理', roles: ['admin', 'caseworker'], count: 'cases', group: '日常办理' },
  { href: '/console/placements', text: '就业登记', roles: ['admin', 'caseworker'], group: '日常办理' },
  { href: '/console/job-orders', text: '用工需求', roles: ['admin', 'caseworker'], group: '就业服务' },
  { href: '/console/job-seekers', text: '求职登记', roles: ['admin', 'caseworker'], group: '就业服务' },
  { href: '/console/follow-ups', text: '跟踪回访', roles: ['admin', 'caseworker'], group: '日常办理' },
  { href: '/console/departure-batches', text: '输出批次', roles: ['admin', 'caseworker'], group: '就业服务' },
  { href: '/console/workers/new', text: '人员登记', roles: ['admin', 'caseworker'], group: '名录' },
  { href: '/console/workers', text: '务工人员', roles: ['admin', 'caseworker', 'finance'], group: '名录' },
  { href: '/console/employers/new', text: '用工单位', roles: ['admin', 'caseworker'], group: '名录' },
  { href: '/console/employers', text: '单位名录', roles: ['admin', 'caseworker', 'finance'], group: '名录' },
  { href: '/console/brokers', text: '职业介绍人', roles: ['admin', 'caseworker', 'finance'], group: '名录' },
  { href: '/console/providers', text: '培训机构', roles: ['admin', 'caseworker', 'finance'], group: '培训' },
  { href: '/console/courses', text: '培训课程', roles: ['admin', 'caseworker', 'finance'], group: '培训' },
  { href: '/console/households', text: '零就业家庭', roles: ['admin', 'caseworker'], group: '零就业家庭与调查' },
  { href: '/console/survey-rounds', text: '摸底调查', roles: ['admin', 'caseworker'], group: '零就业家庭与调查' },
  { href: '/console/imports', text: '台账导入', roles: ['admin', 'caseworker'], group: '零就业家庭与调查' },
  { href: '/console/calendar', text: '节假日安排', roles: ['admin'], group: '系统管理' },
  { href: '/console/offices', text: '机构', roles: ['admin'], group: '系统管理' },
  { href: '/console/townships', text: '乡镇与目标', roles: ['admin'], group: '系统管理' },
  { href: '/console/users', text: '用户', roles: ['admin'], group: '系统管理' },
  { href: '/console/policies', text: '政策参数', roles: ['admin'], group: '系统管理' },
  { href: '/console/audit', text: '操作记录', roles: ['admin'], group: '系统管理' },
  { href: '/console/claims', text: '补贴审批', roles: ['finance', 'admin'], group: '补贴' },
  { href: '/console/payouts', text: '发放记录', roles: ['finance', 'admin'], group: '补贴' },
  { href: '/console/payout-batches', text: '代发批次', roles: ['finance', 'admin'], group: '补贴' },
  { href: '/console/payment-failures', text: '代发失败', roles: ['caseworker', 'admin'], group: '补贴' },
  { href: '/console/my-referrals', text: '我的补贴', roles: ['broker'], group: '补贴' },
  { href: '/console/my-proposals', text: '我的推荐', roles: ['broker'], group: '就业服务' },
  { href: '/console/departure-batches', text: '我带的批次', roles: ['broker'], group: '就业服务' },
];

/** The sidebar's headings in the order they stand; entries of no known group go last, under 其他. */
export const NAV_GROUPS = ['日常办理', '就业服务', '名录', '培训', '零就业家庭与调查', '补贴', '系统管理'];
const OTHER_GROUP = '其他';

/** One step of the breadcrumbs above a page; the last one (the page itself) has no link. */
export interface Crumb {
  href?: string;
  text: string;
}

/** The path belongs to this entry: the entry's own page or one under it (/console/workers/12), not /console/workers-x. */
const under = (path: string, href: string) => path === href || path.startsWith(`${href}/`);

/** The entry a path belongs to: the one with the longest href it is under (/console/workers/new is 人员登记, not 务工人员). */
export function navEntryOf<T extends { href: string }>(entries: T[], path: string): T | undefined {
  return entries.filter((n) => under(path, n.href)).sort((a, b) => b.href.length - a.href.length)[0];
}

/**
 * The breadcrumbs of a page from its path: none on a navigation entry's own page (the sidebar
 * says where one is), else that entry then the page's title (/console/claims/12 → 补贴审批 ›
 * 补贴申请 补〔2026〕12号).
 */
export function crumbsFor(entries: { href: string; text: string }[], path: string, title: string): Crumb[] {
  const entry = navEntryOf(entries, path);
  if (!entry || entry.href === path) return [];
  return [{ href: entry.href, text: entry.text }, { text: title }];
}

/** The entries grouped under their headings, in NAV_GROUPS order, the ungrouped last. */
export function groupNav<T extends { group?: string }>(entries: T[]): { heading: string; items: T[] }[] {
  const known = (g?: string) => (g && NAV_GROUPS.includes(g) ? g : OTHER_GROUP);
  return [...NAV_GROUPS, OTHER_GROUP]
    .map((heading) => ({ heading, items: entries.filter((n) => known(n.group) === heading) }))
    .filter((g) => g.items.length > 0);
}

/** The roles the search box is shown to: the staff who look records up (a broker has only their own referrals). */
const SEARCHERS = ['admin', 'caseworker', 'finance'];

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

/** A survey round's half-year (2026H1) as people say it: 2026年上半年. */
export function halfYear(p: unknown): string {
  return typeof p === 'string' && /^\d{4}H[12]$/.test(p)
    ? `${p.slice(0, 4)}年${p.endsWith('1') ? '上' : '下'}半年`
    : '—';
}

/** Days left to a due day, or days past it, counted on Asia/Shanghai calendar dates. */
function dueText(dueDate: string): string {
  const days = daysBetween(shanghaiToday(), dueDate);
  if (days > 0) return `剩${days}天`;
  return days === 0 ? '今天到期' : `已逾期${-days}天`;
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

  constructor() {
    const dir = join(templatesDir(), 'console');
    const h = this.hbs;
    h.registerHelper('yuan', (fen: unknown) =>
      typeof fen === 'number' || (typeof fen === 'string' && /^-?\d+$/.test(fen)) ? `¥${formatYuan(Number(fen))}` : '—',
    );
    // Dates and timestamps both print as Asia/Shanghai dates (a timestamp through shanghaiDateOf).
    h.registerHelper('cnDate', (d: unknown) => (isMoment(d) ? cnDate(d) : '—'));
    // A calendar date as YYYY-MM-DD (a timestamp: its Asia/Shanghai date), as lists and records show them.
    h.registerHelper('day', (d: unknown) => {
      if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
      return isMoment(d) ? shanghaiDateOf(d) : '—';
    });
    h.registerHelper('time', (d: unknown) => {
      if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
      return isMoment(d) ? shanghaiDateTimeOf(d) : '—';
    });
    h.registerHelper('dueIn', (d: unknown) =>
      typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? dueText(d) : '',
    );
    // A survey round's half-year (2026H1) as people say it: 2026年上半年.
    h.registerHelper('halfYear', (p: unknown) => halfYear(p));
    h.registerHelper('label', (group: string, key: unknown) => label(group, key));
    // A status tag's classes (tag tone-ok …): the colour of each status of each kind is chosen in status-tones.ts alone.
    h.registerHelper('tag', (kind: string, status: unknown) => tagClass(kind, status));
    // An empty required field the validation could not name (请填写此项) is asked for by the form's own caption, its note in brackets aside.
    h.registerHelper('askFor', (error: unknown, caption: unknown) => {
      const m = typeof error === 'string' ? /^(请填写|请选择)此项$/.exec(error) : null;
      const name = typeof caption === 'string' ? caption.replace(/[（(].*$/, '').trim() : '';
      return m && name ? `${m[1]}${name}` : error;
    });
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

  /** A page of its own, without the console's layout: a document to print (the batch's roster). */
  document(page: string, data: Record<string, unknown> = {}): string {
    const t = this.pages.get(page);
    if (!t) throw new Error(`no console page ${page}`);
    return t(data);
  }

  /** A whole page: the named template inside the layout, with the navigation of the actor's role. */
  render(page: string, title: string, ctx: PageContext | null, data: Record<string, unknown> = {}): string {
    const t = this.pages.get(page);
    if (!t) throw new Error(`no console page ${page}`);
    // Headed with the signed-in user's county (a city user's city); the login page with none.
    const bureau = ctx?.actor.office?.bureauName;
    const common = { ...data, csrf: ctx?.csrf, actor: ctx?.actor, bureau };
    const body = t(common);
    const mine = ctx ? NAV.filter((n) => n.roles.includes(ctx.actor.role)) : [];
    const current = ctx ? navEntryOf(mine, ctx.path) : undefined;
    const nav = mine.map((n) => ({
      ...n,
      active: n === current,
      // Only a number worth attention: none shows nothing.
      badge: (n.count && ctx?.navCounts?.[n.count]) || null,
    }));
    // A page may name its own trail (a course under its provider) where its path alone says too little.
    const crumbs: Crumb[] = Array.isArray(data.crumbs)
      ? (data.crumbs as Crumb[])
      : ctx
        ? crumbsFor(mine, ctx.path, title)
        : [];
    return this.layout({
      title,
      body,
      nav,
      navGroups: groupNav(nav),
      crumbs: crumbs.map((c, i) => ({ ...c, last: i === crumbs.length - 1 })),
      actor: ctx?.actor,
      roleName: ctx ? label('role', ctx.actor.role) : '',
      csrf: ctx?.csrf,
      flash: ctx?.flash,
      bureau,
      search: ctx && SEARCHERS.includes(ctx.actor.role) ? { q: ctx.path === '/console/search' ? ctx.query : '' } : null,
    });
  }
}
