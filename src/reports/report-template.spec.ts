import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateEngine, templatesDir } from '../documents/template-engine.js';
import { reportData } from './monthly-report.service.js';
import type { MonthlyFigures } from './monthly-figures.service.js';

const sample = JSON.parse(readFileSync(join(templatesDir(), 'samples.json'), 'utf8')).monthly_progress_report;
const engine = new TemplateEngine();
const render = (f: MonthlyFigures, outlook = {}) =>
  engine.render('monthly_progress_report', { doc: sample.doc, ...reportData(f, outlook) });

describe('劳务输出进展情况汇报 template', () => {
  it('the figures in prose and tables, money formatted from fen, rates as percents', () => {
    const html = render(sample.f);
    expect(html).toContain('一、1—11月份劳务输出工作基本情况');
    expect(html).toContain(
      '全县劳务输出12652人次，完成全年目标任务12000人次的105.4%（时间进度91.7%），其中有组织输出2310人次，占18.3%，经职业介绍人介绍输出1480人次',
    );
    expect(html).toContain('培训后输出1938人，培训后输出率90.6%');
    expect(html).toContain('<td>90／54,000.00</td>');
    expect(html).toContain(
      '<tr><td>龙王庄乡</td><td>2500</td><td>85</td><td>2710</td><td>480</td><td>108.4%</td><td>610</td></tr>',
    );
    expect(html).toContain('<tr><td>2026年1月</td>');
    expect(html).toContain('二、主要做法');
    expect(html).not.toContain('本月数据截至'); // a complete month
  });

  it('households, problems and next steps are rendered only when present', () => {
    const withAll = render(sample.f, { problems: '组织化程度低。', nextSteps: ['加强培训。', '拓宽渠道。'] });
    expect(withAll).toContain('零就业家庭就业援助');
    expect(withAll).toContain('全县登记零就业家庭36户');
    expect(withAll).toContain('三、存在的问题及下步打算');
    expect(withAll).toContain('<p>（一）加强培训。</p>');
    expect(withAll).toContain('<p>（二）拓宽渠道。</p>');
    const bare = render({ ...sample.f, households: null, partial: true, asOf: '2026-11-25' });
    expect(bare).not.toContain('零就业家庭');
    expect(bare).not.toContain('三、存在的问题');
    expect(bare).toContain('本月数据截至2026年11月25日');
  });

  it('January is "1月份", and rates without a denominator read —', () => {
    const jan = { ...sample.f, month: '2027-01', placements: { ...sample.f.placements, completionRate: null } };
    const html = render(jan);
    expect(html).toContain('一、1月份劳务输出工作基本情况');
    expect(html).toContain('完成全年目标任务12000人次的—');
  });

  it('就业服务 of the year so far in 抓好有序输出: orders, jobs, seekers, intents, via a match or not, the priority groups and their share', () => {
    const ytd = {
      ordersTaken: 12,
      jobsOffered: 340,
      seekersRegistered: 410,
      proposals: 150,
      intents: 96,
      placementsViaMatch: 80,
      placementsDirect: 120,
      priorityPlacements: 50,
      priorityShare: 25,
    };
    const html = render({ ...sample.f, jobs: { month: ytd, yearToDate: ytd } });
    expect(html).toContain(
      '1—11月份登记用工需求12条、提供就业岗位340个，求职登记410人，达成用工意向96个，经职业介绍匹配上岗80人次、直接登记上岗120人次，其中零就业家庭成员、4050人员和下岗失业人员50人次、占25.0%；',
    );
    const none = render({
      ...sample.f,
      jobs: { month: { ...ytd, priorityShare: null }, yearToDate: { ...ytd, priorityShare: null } },
    });
    expect(none).toContain('下岗失业人员50人次、占—；');
  });

  it('states the batches and the follow-up when there are any, and says nothing of them otherwise', () => {
    const period = { batchesDeparted: 3, membersDeparted: 412, placements: 405 };
    const followUp = {
      due: 820,
      done: 790,
      coverage: 96.3,
      extra: 12,
      withProblems: 9,
      problemsFound: 11,
      casesOpened: 11,
    };
    const html = render({
      ...sample.f,
      departures: { month: period, yearToDate: period, byBatch: [], byDestination: [], byTownship: [] },
      followUp: { month: followUp, yearToDate: followUp },
    });
    expect(html).toContain('有组织输出2310人次，其中集中组织输出3批、出发412人，带队到达上岗405人次。');
    expect(html).toContain('应跟踪回访820人次、已回访790人次，回访中发现问题11个、据此立案11件；');
    const none = render(sample.f);
    expect(none).not.toContain('集中组织输出');
    expect(none).not.toContain('应跟踪回访');
  });

  it('escapes what a caseworker typed', () => {
    const html = render(sample.f, { problems: '<img src=x onerror=alert(1)>' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src');
  });
});
