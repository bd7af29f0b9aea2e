import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Role } from './common/request-context.js';
import { shanghaiToday } from './common/dates.js';
import { citizenIdCheckDigit } from './identity/index.js';
import { hashPassword } from './auth/passwords.js';

/**
 * On an empty users table (never in production): one demo user per role, with fresh
 * random passwords returned so the launcher can print them once. The broker user is linked
 * to a demo broker record so the broker's own view has someone to show.
 */
export async function seedDemoUsers(ds: DataSource): Promise<{ role: Role; username: string; password: string }[]> {
  const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM users');
  if (count > 0) return [];
  // Made-up staff with Chinese names and office phones, as pages and letters show real staff.
  const demo: { role: Role; username: string; displayName: string; officePhone: string }[] = [
    { role: 'admin', username: 'admin', displayName: '刘建华', officePhone: '0458-5612301' },
    { role: 'caseworker', username: 'caseworker', displayName: '王丽娟', officePhone: '0458-5612316' },
    { role: 'finance', username: 'finance', displayName: '李秀梅', officePhone: '0458-5612328' },
    { role: 'broker', username: 'broker', displayName: '赵志强', officePhone: '13904581234' },
  ];
  const out: { role: Role; username: string; password: string }[] = [];
  await ds.transaction(async (m) => {
    // The demo staff work at the first county bureau.
    const [{ county }] = await m.query(`SELECT min(id) AS county FROM offices WHERE kind = 'county'`);
    for (const d of demo) {
      const password = randomBytes(9).toString('base64url');
      const [{ id }] = await m.query(
        `INSERT INTO users (username, "displayName", "officePhone", role, "passwordHash", version, "officeId") VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id`,
        [d.username, d.displayName, d.officePhone, d.role, await hashPassword(password), county],
      );
      await m.query(
        `INSERT INTO audit_log ("actorId", "actorName", "actorRole", entity, "entityId", action, after) VALUES (NULL, 'system:seed', 'system', 'user', $1, 'create', $2)`,
        [String(id), JSON.stringify({ username: d.username, role: d.role, demo: true })],
      );
      out.push({ role: d.role, username: d.username, password });
      if (d.role === 'broker') {
        // A made-up ID number (valid check digit), so the broker's own view has a record behind it.
        const first17 = '23078119800101001';
        const [{ id: brokerId }] = await m.query(
          `INSERT INTO brokers (name, "citizenId", phone, "certificateNo", status, "userId", version, "countyId") VALUES ($1, $2, $3, $4, 'active', $5, 1, $6) RETURNING id`,
          [d.displayName, first17 + citizenIdCheckDigit(first17), '13900000000', 'DEMO-0001', id, county],
        );
        await m.query(
          `INSERT INTO broker_status_changes ("brokerId", status, reason, "effectiveDate", "changedBy") VALUES ($1, 'active', '演示数据', $2, 'system:seed')`,
          [brokerId, shanghaiToday()],
        );
      }
    }
  });
  return out;
}
