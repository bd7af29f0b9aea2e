import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar: public holidays (放假) and weekend make-up working days (调休上班)
 * from the State Council's yearly notice (国务院办公厅关于部分节假日安排的通知), seeded for
 * 2025 and 2026. Days not listed follow the Monday–Friday week.
 *
 * ADMIN: the seed was written from the published arrangements as best known when this
 * migration was written. Check each year's rows against the official notice (www.gov.cn)
 * when it is published (usually in November for the next year), add the new year, and
 * correct any row with PUT /calendar/days/:date (or remove one with DELETE); every change
 * is audited. Working-day deadlines already computed are not recomputed.
 */
const SOURCE_2025 = '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月发布）';
const SOURCE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（2025年11月发布）';

export class WorkingCalendar1795461000000 implements MigrationInterface {
  name = 'WorkingCalendar1795461000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "calendar_days" ("date" date NOT NULL, "kind" character varying(8) NOT NULL, "name" character varying(40) NOT NULL, "source" text NOT NULL, "createdBy" character varying(40) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1c04d56e8833eb6827f104f17e0" PRIMARY KEY ("date"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_days" ADD CONSTRAINT "CHK_calendar_days_kind" CHECK ("kind" IN ('holiday','workday'))`,
    );
    // 2025: 元旦 1 day; 春节 8 days; 清明 3; 劳动节 5; 端午 3; 国庆节、中秋节 8.
    await queryRunner.query(
      `INSERT INTO "calendar_days" ("date", "kind", "name", "source", "createdBy") VALUES
        ('2025-01-01', 'holiday', '元旦', $1, 'system:seed'), -- 周三
        ('2025-01-26', 'workday', '春节调休上班', $1, 'system:seed'), -- 周日
        ('2025-01-28', 'holiday', '春节', $1, 'system:seed'), -- 周二
        ('2025-01-29', 'holiday', '春节', $1, 'system:seed'), -- 周三
        ('2025-01-30', 'holiday', '春节', $1, 'system:seed'), -- 周四
        ('2025-01-31', 'holiday', '春节', $1, 'system:seed'), -- 周五
        ('2025-02-01', 'holiday', '春节', $1, 'system:seed'), -- 周六
        ('2025-02-02', 'holiday', '春节', $1, 'system:seed'), -- 周日
        ('2025-02-03', 'holiday', '春节', $1, 'system:seed'), -- 周一
        ('2025-02-04', 'holiday', '春节', $1, 'system:seed'), -- 周二
        ('2025-02-08', 'workday', '春节调休上班', $1, 'system:seed'), -- 周六
        ('2025-04-04', 'holiday', '清明节', $1, 'system:seed'), -- 周五
        ('2025-04-05', 'holiday', '清明节', $1, 'system:seed'), -- 周六
        ('2025-04-06', 'holiday', '清明节', $1, 'system:seed'), -- 周日
        ('2025-04-27', 'workday', '劳动节调休上班', $1, 'system:seed'), -- 周日
        ('2025-05-01', 'holiday', '劳动节', $1, 'system:seed'), -- 周四
        ('2025-05-02', 'holiday', '劳动节', $1, 'system:seed'), -- 周五
        ('2025-05-03', 'holiday', '劳动节', $1, 'system:seed'), -- 周六
        ('2025-05-04', 'holiday', '劳动节', $1, 'system:seed'), -- 周日
        ('2025-05-05', 'holiday', '劳动节', $1, 'system:seed'), -- 周一
        ('2025-05-31', 'holiday', '端午节', $1, 'system:seed'), -- 周六
        ('2025-06-01', 'holiday', '端午节', $1, 'system:seed'), -- 周日
        ('2025-06-02', 'holiday', '端午节', $1, 'system:seed'), -- 周一
        ('2025-09-28', 'workday', '国庆节、中秋节调休上班', $1, 'system:seed'), -- 周日
        ('2025-10-01', 'holiday', '国庆节、中秋节', $1, 'system:seed'), -- 周三
        ('2025-10-02', 'holiday', '国庆节、中秋节', $1, 'system:seed'), -- 周四
        ('2025-10-03', 'holiday', '国庆节、中秋节', $1, 'system:seed'), -- 周五
        ('2025-10-04', 'holiday', '国庆节、中秋节', $1, 'system:seed'), -- 周六
        ('2025-10-05', 'holiday', '国庆节、中秋节', $1, 'system:seed'), -- 周日
        ('2025-10-06', 'holiday', '国庆节、中秋节', $1, 'system:seed'), -- 周一
        ('2025-10-07', 'holiday', '国庆节、中秋节', $1, 'system:seed'), -- 周二
        ('2025-10-08', 'holiday', '国庆节、中秋节', $1, 'system:seed'), -- 周三
        ('2025-10-11', 'workday', '国庆节、中秋节调休上班', $1, 'system:seed')  -- 周六
    `,
      [SOURCE_2025],
    );
    // 2026: 元旦 3 days; 春节 9; 清明 3; 劳动节 5; 端午 3; 中秋节 3; 国庆节 7.
    await queryRunner.query(
      `INSERT INTO "calendar_days" ("date", "kind", "name", "source", "createdBy") VALUES
        ('2026-01-01', 'holiday', '元旦', $1, 'system:seed'), -- 周四
        ('2026-01-02', 'holiday', '元旦', $1, 'system:seed'), -- 周五
        ('2026-01-03', 'holiday', '元旦', $1, 'system:seed'), -- 周六
        ('2026-01-04', 'workday', '元旦调休上班', $1, 'system:seed'), -- 周日
        ('2026-02-14', 'workday', '春节调休上班', $1, 'system:seed'), -- 周六
        ('2026-02-15', 'holiday', '春节', $1, 'system:seed'), -- 周日
        ('2026-02-16', 'holiday', '春节', $1, 'system:seed'), -- 周一
        ('2026-02-17', 'holiday', '春节', $1, 'system:seed'), -- 周二
        ('2026-02-18', 'holiday', '春节', $1, 'system:seed'), -- 周三
        ('2026-02-19', 'holiday', '春节', $1, 'system:seed'), -- 周四
        ('2026-02-20', 'holiday', '春节', $1, 'system:seed'), -- 周五
        ('2026-02-21', 'holiday', '春节', $1, 'system:seed'), -- 周六
        ('2026-02-22', 'holiday', '春节', $1, 'system:seed'), -- 周日
        ('2026-02-23', 'holiday', '春节', $1, 'system:seed'), -- 周一
        ('2026-02-28', 'workday', '春节调休上班', $1, 'system:seed'), -- 周六
        ('2026-04-04', 'holiday', '清明节', $1, 'system:seed'), -- 周六
        ('2026-04-05', 'holiday', '清明节', $1, 'system:seed'), -- 周日
        ('2026-04-06', 'holiday', '清明节', $1, 'system:seed'), -- 周一
        ('2026-05-01', 'holiday', '劳动节', $1, 'system:seed'), -- 周五
        ('2026-05-02', 'holiday', '劳动节', $1, 'system:seed'), -- 周六
        ('2026-05-03', 'holiday', '劳动节', $1, 'system:seed'), -- 周日
        ('2026-05-04', 'holiday', '劳动节', $1, 'system:seed'), -- 周一
        ('2026-05-05', 'holiday', '劳动节', $1, 'system:seed'), -- 周二
        ('2026-05-09', 'workday', '劳动节调休上班', $1, 'system:seed'), -- 周六
        ('2026-06-19', 'holiday', '端午节', $1, 'system:seed'), -- 周五
        ('2026-06-20', 'holiday', '端午节', $1, 'system:seed'), -- 周六
        ('2026-06-21', 'holiday', '端午节', $1, 'system:seed'), -- 周日
        ('2026-09-20', 'workday', '国庆节调休上班', $1, 'system:seed'), -- 周日
        ('2026-09-25', 'holiday', '中秋节', $1, 'system:seed'), -- 周五
        ('2026-09-26', 'holiday', '中秋节', $1, 'system:seed'), -- 周六
        ('2026-09-27', 'holiday', '中秋节', $1, 'system:seed'), -- 周日
        ('2026-10-01', 'holiday', '国庆节', $1, 'system:seed'), -- 周四
        ('2026-10-02', 'holiday', '国庆节', $1, 'system:seed'), -- 周五
        ('2026-10-03', 'holiday', '国庆节', $1, 'system:seed'), -- 周六
        ('2026-10-04', 'holiday', '国庆节', $1, 'system:seed'), -- 周日
        ('2026-10-05', 'holiday', '国庆节', $1, 'system:seed'), -- 周一
        ('2026-10-06', 'holiday', '国庆节', $1, 'system:seed'), -- 周二
        ('2026-10-07', 'holiday', '国庆节', $1, 'system:seed'), -- 周三
        ('2026-10-10', 'workday', '国庆节调休上班', $1, 'system:seed')  -- 周六
    `,
      [SOURCE_2026],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_days"`);
  }
}
