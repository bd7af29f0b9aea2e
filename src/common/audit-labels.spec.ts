import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABELS } from './labels.js';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? sources(join(dir, d.name))
      : d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts')
        ? [join(dir, d.name)]
        : [],
  );
}

/** Every quoted value of `key: '…'` (and of a ternary between two quoted values) in the sources. */
function written(key: string): string[] {
  const found = new Set<string>();
  const re = new RegExp(`\\b${key}: (?:[^'\\n]*\\? )?'([a-z_]+)'(?: : '([a-z_]+)')?`, 'g');
  for (const f of sources(SRC))
    for (const m of readFileSync(f, 'utf8').matchAll(re)) for (const v of m.slice(1)) if (v) found.add(v);
  return [...found].sort();
}

// The history pages and the audit page show these in Chinese; one without a label reads as "其他操作" and cannot be filtered.
it('every audit action the code writes has its Chinese label', () => {
  const actions = written('action');
  expect(actions.length).toBeGreaterThan(50);
  expect(actions.filter((a) => !LABELS.auditAction[a])).toEqual([]);
});

it('every kind of record the code audits has its Chinese label', () => {
  const entities = written('entity');
  expect(entities.length).toBeGreaterThan(20);
  expect(entities.filter((e) => !LABELS.auditEntity[e])).toEqual([]);
});
