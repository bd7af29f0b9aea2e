import { ApplicationFailure } from '@temporalio/common';
import { getMetadataStorage } from 'class-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlacementErrors } from '../placements/placements.errors.js';
import { CaseRefusals } from '../../workflows/refusals.js';
import { DomainError, refusalError } from './errors.js';
import { KNOWN_CONSTRAINTS } from './validation.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(SRC, '..');

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name), ending) : d.name.endsWith(ending) ? [join(dir, d.name)] : [],
  );
}

interface Factory {
  (args?: Record<string, unknown>): DomainError | ApplicationFailure;
  code: string;
  entry: { status?: number; message: string; params?: readonly string[]; field?: string; extra?: readonly string[] };
}
const isFactory = (v: unknown): v is Factory =>
  typeof v === 'function' && typeof (v as Factory).code === 'string' && typeof (v as Factory).entry === 'object';

/** Every catalogue of the system: each `src/**\/<context>.errors.ts` and the workflows' refusals. */
async function catalogues(): Promise<{ file: string; factories: Factory[] }[]> {
  const files = [...filesUnder(SRC, '.errors.ts'), join(ROOT, 'workflows', 'refusals.ts')];
  return Promise.all(
    files.map(async (f) => {
      const mod = (await import(f)) as Record<string, unknown>;
      const factories = Object.values(mod).flatMap((c) =>
        c && typeof c === 'object' ? Object.values(c).filter(isFactory) : [],
      );
      return { file: relative(ROOT, f), factories };
    }),
  );
}

const han = (s: string) => s.match(/\p{Script=Han}/gu)?.length ?? 0;
const latin = (s: string) => s.match(/[A-Za-z]/g)?.length ?? 0;
/** Mostly Chinese: Han characters against Latin letters (PDF, Excel, X…, a Han character worth two), `{param}` names aside. */
const chinese = (raw: string) => {
  const s = raw.replace(/\{\w+\}/g, '');
  return han(s) > 0 && 2 * han(s) > latin(s);
};

describe('the error catalogues', () => {
  let all: { file: string; factories: Factory[] }[];
  beforeAll(async () => {
    all = await catalogues();
  });

  it('are found: one file per context that refuses, each with entries', () => {
    expect(all.length).toBeGreaterThanOrEqual(15);
    for (const c of all)
      expect({ file: c.file, entries: c.factories.length > 0 }).toEqual({ file: c.file, entries: true });
  });

  it('give every code once across the system', () => {
    const seen = new Map<string, string>();
    for (const { file, factories } of all)
      for (const f of factories) {
        expect({ code: f.code, also: seen.get(f.code) }).toEqual({ code: f.code, also: undefined });
        seen.set(f.code, file);
      }
    expect(seen.size).toBeGreaterThan(150);
  });

  it("prefix each code with a word of one context: no two contexts' files share a prefix", () => {
    const owner = new Map<string, string>();
    for (const { file, factories } of all.filter((c) => c.file.startsWith('src/')))
      for (const f of factories) {
        expect(f.code).toMatch(/^[A-Z][A-Z_]*\.[A-Z][A-Z0-9_]*$/);
        const prefix = f.code.split('.')[0];
        expect({ prefix, file: owner.get(prefix) ?? file }).toEqual({ prefix, file });
        owner.set(prefix, file);
      }
    // A process' refusals belong to the context whose process it is.
    for (const f of all.find((c) => c.file === 'workflows/refusals.ts')!.factories)
      expect({ code: f.code, context: owner.has(f.code.split('.')[0]) }).toEqual({ code: f.code, context: true });
  });

  it('say each message in Chinese, with an HTTP status of a refusal', () => {
    for (const { factories } of all)
      for (const f of factories) {
        expect({ code: f.code, chinese: chinese(f.entry.message) }).toEqual({ code: f.code, chinese: true });
        if (f.entry.status !== undefined) expect(f.entry.status).toBeGreaterThanOrEqual(400);
        if (f.entry.status !== undefined) expect(f.entry.status).toBeLessThan(600);
      }
  });

  it('declare every {param} a message names, and name every declared one', () => {
    for (const { factories } of all)
      for (const f of factories) {
        const named = [...f.entry.message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect({ code: f.code, params: [...new Set(named)] }).toEqual({
          code: f.code,
          params: [...(f.entry.params ?? [])].sort(),
        });
      }
  });

  it('fill every parameter when an error is built, and answer a field refusal with its field', () => {
    for (const { factories } of all)
      for (const f of factories) {
        const args = Object.fromEntries((f.entry.params ?? []).map((p, i) => [p, `〔${p}${i}〕`]));
        const built = f(args);
        expect(built.message).not.toMatch(/\{\w+\}/);
        for (const v of Object.values(args)) expect(built.message).toContain(v);
        const e = built instanceof ApplicationFailure ? refusalError(built)! : built;
        expect(e).toBeInstanceOf(DomainError);
        expect(e.code).toBe(f.code);
        expect(e.details).toEqual(f.entry.field ? [{ field: f.entry.field, reason: built.message }] : []);
      }
  });

  it('keep the extras a caller acts on beside the message', () => {
    const open = { id: 7, startDate: '2026-03-01', employer: { id: 1, name: '某公司' } };
    const e = PlacementErrors.WORKER_EMPLOYED({
      placementId: 7,
      employer: '某公司',
      startDate: '2026-03-01',
      openPlacement: open,
    });
    expect(e).toMatchObject({ status: 409, code: 'PLACEMENT.WORKER_EMPLOYED', extra: { openPlacement: open } });
    // @ts-expect-error a declared parameter is missing: a type error, not a message with {endDate} in it
    expect(() => PlacementErrors.WORKER_EMPLOYED({ placementId: 7 })).not.toThrow();
  });

  it('answer a workflow refusal by its code: 400 with the field when it is about one, else 409', () => {
    expect(refusalError(CaseRefusals.CLOSED())).toMatchObject({ code: 'CASE.CLOSED', status: 409, details: [] });
    expect(refusalError(CaseRefusals.EXTENSION_DAYS({ maxDays: 15 }))).toMatchObject({
      code: 'CASE.EXTENSION_DAYS',
      status: 400,
      details: [{ field: 'days', reason: '仲裁延长期限为1至15日' }],
    });
    expect(refusalError(ApplicationFailure.create({ type: 'SOMETHING_ELSE', message: 'x' }))).toBeUndefined();
  });
});

describe('what throws, throws from a catalogue', () => {
  it('no service builds a DomainError or an HttpException inline, or matches a message to translate it', () => {
    const offenders = filesUnder(SRC, '.ts')
      .filter((f) => !f.endsWith('.spec.ts') && !f.endsWith('common/errors.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ at: `${relative(ROOT, f)}:${i + 1}`, line }))
          .filter(({ line }) => /new DomainError\(|new \w*Exception\(|\b(badRequest|conflict|notFound)\(/.test(line)),
      )
      .map((o) => o.at);
    // A process's coded failure (a repeat referral) keeps the text its process filled from REFERRAL.REPEAT.
    expect(offenders).toEqual([expect.stringMatching(/^src\/temporal\/processes\.ts:\d+$/)]);
  });
});

describe('class-validator messages', () => {
  it('are Chinese wherever a decorator gives its own, and otherwise come from the constraint name', async () => {
    for (const f of filesUnder(SRC, '.dto.ts')) await import(f);
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<
        unknown,
        { name?: string; type: string; message?: unknown; propertyName: string; constraintCls?: unknown }[]
      >;
      constraintMetadatas: Map<unknown, { name: string }[]>;
    };
    const ours = new Set([
      'isCitizenId',
      'isCreditCode',
      'isMainlandMobile',
      'isBankAccount',
      'isFen',
      'isCalendarDate',
      'notInFuture',
    ]);
    const problems: string[] = [];
    for (const metas of storage.validationMetadatas.values())
      for (const m of metas) {
        const name = m.name ?? storage.constraintMetadatas.get(m.constraintCls)?.[0]?.name ?? m.type;
        if (m.type === 'nestedValidation') continue; // answered by name (格式不正确), whatever class-validator writes
        if (typeof m.message === 'string') {
          if (!chinese(m.message)) problems.push(`${m.propertyName}: ${m.message}`);
        } else if (
          !KNOWN_CONSTRAINTS.has(name) &&
          !ours.has(name) &&
          m.type !== 'nestedValidation' &&
          m.type !== 'conditionalValidation' &&
          m.type !== 'whitelistValidation'
        )
          problems.push(`${m.propertyName}: ${name}`);
      }
    expect(problems).toEqual([]);
  });
});
