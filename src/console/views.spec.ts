import { crumbsFor, groupNav, NAV_GROUPS, navEntryOf } from './views.js';

const entries = [
  { href: '/console/workers/new', text: '人员登记', group: '名录' },
  { href: '/console/workers', text: '务工人员', group: '名录' },
  { href: '/console/tasks', text: '待办', group: '日常办理' },
  { href: '/console/new-thing', text: '新页面' },
  { href: '/console/odd', text: '另一页', group: '未知分组' },
  { href: '/console/claims', text: '补贴审批', group: '补贴' },
];

describe('the navigation', () => {
  it('groups entries under the headings in order, an entry of no known group last under 其他', () => {
    const groups = groupNav(entries);
    expect(groups.map((g) => g.heading)).toEqual(['日常办理', '名录', '补贴', '其他']);
    expect(groups[3].items.map((n) => n.text)).toEqual(['新页面', '另一页']);
    expect(groups.flatMap((g) => g.items)).toHaveLength(entries.length);
    for (const h of [...NAV_GROUPS, '其他']) expect(h).toMatch(/^[\u4e00-\u9fff]+$/);
  });

  it('marks the entry with the longest path a page is under, and not a look-alike path', () => {
    expect(navEntryOf(entries, '/console/workers/new')?.text).toBe('人员登记');
    expect(navEntryOf(entries, '/console/workers/12')?.text).toBe('务工人员');
    expect(navEntryOf(entries, '/console/workers-x')).toBeUndefined();
  });

  it('gives a detail page its entry and title as breadcrumbs, a list page none', () => {
    expect(crumbsFor(entries, '/console/claims/12', '补贴申请 补〔2026〕12号')).toEqual([
      { href: '/console/claims', text: '补贴审批' },
      { text: '补贴申请 补〔2026〕12号' },
    ]);
    expect(crumbsFor(entries, '/console/claims', '补贴审批')).toEqual([]);
    expect(crumbsFor(entries, '/console/search', '查找')).toEqual([]);
  });
});
