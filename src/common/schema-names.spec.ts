import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir: string, endings: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? filesUnder(join(dir, d.name), endings)
      : endings.some((e) => d.name.endsWith(e))
        ? [join(dir, d.name)]
        : [],
  );
}

// The OpenAPI document keys its schemas by class name: two request or response classes of one
// name in two contexts silently share one schema, so one of the two operations is documented
// (and fuzzed) with the other's body.
it('every request and response class has a name of its own across contexts', () => {
  const where = new Map<string, string[]>();
  for (const f of filesUnder(SRC, ['.dto.ts', '.responses.ts']))
    for (const m of readFileSync(f, 'utf8').matchAll(/^export class (\w+)/gm))
      where.set(m[1], [...(where.get(m[1]) ?? []), relative(SRC, f)]);
  expect(where.size).toBeGreaterThan(100);
  expect([...where].filter(([, files]) => files.length > 1)).toEqual([]);
});
