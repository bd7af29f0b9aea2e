/**
 * The console's search matches case and document numbers; a term of one or two characters goes
 * by the numbers' heads (migration NumberHeadSearch) and must show exactly what
 * `number ILIKE '%term%'` shows, first 20 by number: for every one- and two-character piece of
 * numbers of two prefixes, odd shapes included, in any case. The migration reverts and reapplies.
 */
import { NumberHeadSearch1798100000000 } from '../migrations/1798100000000-NumberHeadSearch.js';
import { like, matchesLike } from '../src/registry/registry.service.js';
import { numberMatches } from '../src/console/search.pages.js';
import { createTestApp, TestApp } from './support/app.js';
import { hanTag } from './support/fixtures.js';
import { countyOffice } from './support/offices.js';
import { ownerDb } from './support/owner-db.js';

let t: TestApp;
let county: number;
let cookie: string;
let otherCookie: string;
const numbers: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  // A county of this run only: its documents are the ones below, so the expected rows are known.
  county = await countyOffice('号');
  const token = (u: { auth: { Authorization: string } }) => `le_session=${u.auth.Authorization.slice(7)}`;
  cookie = token(await t.login('caseworker', { officeId: county }));
  otherCookie = token(await t.login('caseworker', { officeId: await countyOffice('丁') }));
  const now = hanTag(2);
  const old = hanTag(3);
  // Two prefixes (a county's prefix may change), several types and years, more than 20 of one
  // head, a prefix that itself looks like a tail, letters in both cases, and a number of no shape.
  for (let i = 1; i <= 24; i++) numbers.push(`${now}提〔2025〕${i}号`);
  numbers.push(`${now}介〔2026〕7号`, `${now}介〔2026〕70号`, `${old}受〔2023〕1号`, `${old}调〔2024〕12号`);
  numbers.push(`${now}〔7〕1号调〔2026〕5号`, `${now}Ab〔2026〕3号`, `${old}临时-${now}`, `${now}_%号〔2026〕9号`);
  const owner = await ownerDb();
  try {
    let seq = 0;
    for (const number of numbers) {
      seq++;
      await owner.query(
        `INSERT INTO documents ("countyId", type, title, year, seq, number, "subjectType", "subjectId", "businessKey",
                                "issuedOn", data, html, sha256, "createdBy")
         VALUES ($1, 'contract_reminder', '签订劳动合同提醒函', 2026, $2, $3, 'placement', 0, $4, '2026-01-05', '{}', '', $5, 'test')`,
        [county, seq, number, `number-search:${county}:${seq}`, '0'.repeat(64)],
      );
    }
  } finally {
    await owner.end();
  }
});
afterAll(() => t?.close());

const shown = async (q: string, as = cookie) => {
  const res = await t.http.get('/console/search').query({ q }).set('Cookie', as).set('Accept', 'text/html');
  expect(res.status).toBe(200);
  const list = /<ul class="timeline" id="search-documents">(.*?)<\/ul>/s.exec(res.text)?.[1] ?? '';
  return [...list.matchAll(/data-document="(\d+)"/g)].map((m) => Number(m[1]));
};

/** What the plain ILIKE finds in the county, as the owner (no row security) reads it. */
async function plain(q: string): Promise<number[]> {
  const owner = await ownerDb();
  try {
    return (
      await owner.query(`SELECT id FROM documents WHERE "countyId" = $1 AND number ILIKE $2 ORDER BY number LIMIT 20`, [
        county,
        like(q),
      ])
    ).rows.map((r) => r.id);
  } finally {
    await owner.end();
  }
}

it('a term of one or two characters shows the documents the plain ILIKE finds, in number order', async () => {
  const terms = new Set<string>(['%', '_', '_%', 'ab', 'B〔', '无', '〔', '号', '1号', '〕1', '20', '号〔']);
  for (const n of numbers) {
    const cs = [...n];
    cs.forEach((c, i) => {
      terms.add(c);
      if (i + 1 < cs.length) terms.add(c + cs[i + 1]);
    });
  }
  const headed = [...terms].filter((q) => numberMatches('d', 'documents', q) !== 'd.number ILIKE :t');
  // Most terms go by the heads; the tail's characters alone (digits, 〔, 〕, 号) read the numbers.
  expect(headed.length).toBeGreaterThan(20);
  expect(numberMatches('d', 'documents', '〕1')).toBe('d.number ILIKE :t');
  expect(numberMatches('d', 'documents', '提〔2')).toBe(matchesLike('d', 'documents_numbered_like', '', '提〔2'));
  const differ: string[] = [];
  for (const q of terms) {
    const [got, want] = [await shown(q), await plain(q)];
    if (JSON.stringify(got) !== JSON.stringify(want))
      differ.push(`${q}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
  }
  expect(differ).toEqual([]);
  // The head with 24 numbers shows its first 20; another county's caseworker sees none of them.
  expect(await shown('提')).toHaveLength(20);
  expect(await shown('提', otherCookie)).toEqual([]);
});

it('the numbers are split into heads that keep what ILIKE finds, for cases too', async () => {
  const owner = await ownerDb();
  try {
    // Every case and document in the database: a term with a character outside the tail's
    // matches the head exactly when it matches the number.
    for (const table of ['cases', 'documents']) {
      const { rows } = await owner.query(
        `SELECT count(*)::int AS n FROM ${table}
          WHERE starts_with(number, "numberHead") AND (number ~ '〔[0-9]+〕[0-9]+号$') = ("numberHead" <> number)`,
      );
      const [{ n }] = (await owner.query(`SELECT count(*)::int AS n FROM ${table}`)).rows;
      expect(rows[0].n).toBe(n);
    }
    const plan = (
      await owner.query(`EXPLAIN SELECT id FROM documents WHERE "numberHead" = $1 ORDER BY number LIMIT 20`, [`x〔`])
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('IDX_documents_numberHead_number');
  } finally {
    await owner.end();
  }
});

it('the migration reverts and reapplies', async () => {
  const owner = await ownerDb();
  const migration = new NumberHeadSearch1798100000000();
  const runner = { query: (sql: string) => owner.query(sql) };
  const present = async () =>
    (
      await owner.query(
        `SELECT (SELECT count(*) FROM pg_proc WHERE proname IN ('case_number_heads', 'document_number_heads'))::int AS fns,
                (SELECT count(*) FROM information_schema.columns WHERE column_name = 'numberHead')::int AS cols`,
      )
    ).rows[0];
  try {
    await migration.down(runner as never);
    expect(await present()).toEqual({ fns: 0, cols: 0 });
    await migration.up(runner as never);
    expect(await present()).toEqual({ fns: 2, cols: 2 });
    expect(await shown('提')).toEqual(await plain('提'));
  } finally {
    await owner.end();
  }
});
