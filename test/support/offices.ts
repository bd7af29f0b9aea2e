import { hanTag } from './fixtures.js';
import { ownerDb } from './owner-db.js';
import type { TestApp } from './app.js';

/**
 * Township stations of the first county, each serving the townships named for it, set up in the
 * database directly (as a county admin would through the offices pages), with names of this run.
 */
export async function stationsFor(
  _t: TestApp,
  serves: Record<string, string>,
): Promise<{ county: number; stations: Record<string, number> }> {
  const db = await ownerDb();
  try {
    const [{ id: county }] = (await db.query(`SELECT min(id) AS id FROM offices WHERE kind = 'county'`)).rows;
    const stations: Record<string, number> = {};
    for (const [township, station] of Object.entries(serves)) {
      if (!stations[station])
        stations[station] = (
          await db.query(`INSERT INTO offices ("parentId", kind, name) VALUES ($1, 'station', $2) RETURNING id`, [
            county,
            `${station}${hanTag(3)}劳动保障所`,
          ])
        ).rows[0].id;
      await db.query(`UPDATE townships SET "stationId" = $1 WHERE "countyId" = $2 AND name = $3`, [
        stations[station],
        county,
        township,
      ]);
    }
    return { county, stations };
  } finally {
    await db.end();
  }
}

/** A second county bureau under the city, with a name and 文号 prefix of this run. */
export async function countyOffice(prefix: string): Promise<number> {
  const db = await ownerDb();
  try {
    const tag = hanTag(2);
    return (
      await db.query(
        `INSERT INTO offices ("parentId", kind, name, "documentPrefix", phone, "sealText")
         SELECT id, 'county', $1, $2, '0458-5699999', $1 FROM offices WHERE kind = 'city' ORDER BY id LIMIT 1 RETURNING id`,
        [`${prefix}${tag}县劳动就业服务局`, `${prefix}${tag}劳`],
      )
    ).rows[0].id;
  } finally {
    await db.end();
  }
}

/** The city office, above every county. */
export async function cityOffice(): Promise<number> {
  const db = await ownerDb();
  try {
    return (await db.query(`SELECT id FROM offices WHERE kind = 'city' ORDER BY id LIMIT 1`)).rows[0].id;
  } finally {
    await db.end();
  }
}
