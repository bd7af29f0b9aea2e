import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A new row with the county (and office) the database filed it under: a trigger sets them from
 * the township or parent, so the insert does not return them, and the answer that creates the row
 * would leave them out.
 */
export async function withFiling<T extends ObjectLiteral & { id: number }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  row: T,
  columns: readonly ('countyId' | 'officeId')[],
): Promise<T> {
  const filed = await m
    .createQueryBuilder(entity, 'r')
    .select(columns.map((c) => `r.${c}`))
    .where('r.id = :id', { id: row.id })
    .getOneOrFail();
  for (const c of columns) (row as Record<string, unknown>)[c] = (filed as Record<string, unknown>)[c];
  return row;
}
