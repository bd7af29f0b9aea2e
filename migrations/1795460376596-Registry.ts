import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Registry1795460376596 implements MigrationInterface {
  name = 'Registry1795460376596';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "policy_values" ("id" SERIAL NOT NULL, "key" character varying(60) NOT NULL, "value" integer NOT NULL, "effectiveFrom" date NOT NULL, "source" text NOT NULL, "createdBy" character varying(40) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_af6e17c6e8dec452a0ffd518422" UNIQUE ("key", "effectiveFrom"), CONSTRAINT "PK_d6b9f9d8b734c569f77dc7c4c85" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "brokers" ("id" SERIAL NOT NULL, "name" character varying(40) NOT NULL, "citizenId" character(18) NOT NULL, "phone" character(11) NOT NULL, "certificateNo" character varying(40) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'active', "userId" integer, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_0dc3dd39ca0fce51ddff9f0bc89" UNIQUE ("citizenId"), CONSTRAINT "UQ_540c6878d05e63a3d945f161ca3" UNIQUE ("certificateNo"), CONSTRAINT "UQ_b5960c84b74916e07e916db8333" UNIQUE ("userId"), CONSTRAINT "REL_b5960c84b74916e07e916db833" UNIQUE ("userId"), CONSTRAINT "PK_b8ee0411488131f6f9d322dbe7a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_57d9027efb28de1408c8d93f3f" ON "brokers"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "broker_status_changes" ("id" SERIAL NOT NULL, "brokerId" integer NOT NULL, "status" character varying(12) NOT NULL, "reason" text NOT NULL, "effectiveDate" date NOT NULL, "changedBy" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7ad93c3f68f90140f823d0dbdfb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a67f9a7111215930015b6b942a" ON "broker_status_changes"  ("brokerId", "effectiveDate") `,
    );
    await queryRunner.query(
      `CREATE TABLE "employers" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "creditCode" character(18) NOT NULL, "region" character varying(100) NOT NULL, "contactName" character varying(40) NOT NULL, "contactPhone" character varying(20) NOT NULL, "agreementStart" date, "agreementEnd" date, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_1d1b1594f6dad102f79a3c227f2" UNIQUE ("creditCode"), CONSTRAINT "PK_f2c1aea3e8d7aa3c5fba949c97d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_099e67f13da42a29cbcfb38c64" ON "employers"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "townships" ("id" SERIAL NOT NULL, "name" character varying(40) NOT NULL, "yearlyTarget" integer NOT NULL DEFAULT '0', CONSTRAINT "UQ_73d4c71442c3281983911f34fc2" UNIQUE ("name"), CONSTRAINT "PK_a6f5bba281bbcc5892fa589af16" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "workers" ("id" SERIAL NOT NULL, "name" character varying(40) NOT NULL, "citizenId" character(18) NOT NULL, "birthDate" date NOT NULL, "sex" character varying(6) NOT NULL, "phone" character(11) NOT NULL, "township" character varying(40) NOT NULL, "categories" text array NOT NULL DEFAULT '{}', "skills" text array NOT NULL DEFAULT '{}', "notes" text NOT NULL DEFAULT '', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_55e09ff234f83a62b96cd8cedf6" UNIQUE ("citizenId"), CONSTRAINT "PK_e950c9aba3bd84a4f193058d838" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_337fc312d59870cf6c6b902019" ON "workers"  ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_02e7641f92ba1ff16096437ebb" ON "workers"  ("township") `);
    await queryRunner.query(
      `CREATE TABLE "training_providers" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "creditCode" character(18), "contactName" character varying(40) NOT NULL, "contactPhone" character varying(20) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_72679433c979d68ce9ab496254e" UNIQUE ("name"), CONSTRAINT "UQ_1347358ab72565144bca9b3dccc" UNIQUE ("creditCode"), CONSTRAINT "PK_11384769a7dbc0390376e311acf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "courses" ("id" SERIAL NOT NULL, "providerId" integer NOT NULL, "name" character varying(100) NOT NULL, "specialty" character varying(60) NOT NULL, "mode" character varying(16) NOT NULL, "startDate" date NOT NULL, "endDate" date NOT NULL, "hours" integer NOT NULL, "subsidyPerTraineeFen" integer NOT NULL, "payee" character varying(10) NOT NULL DEFAULT 'provider', "orderingEmployerId" integer, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_3f70a487cc718ad8eda4e6d58c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6ba1a54849ae17832337a39d5e" ON "courses"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "enrollments" ("id" SERIAL NOT NULL, "courseId" integer NOT NULL, "workerId" integer NOT NULL, "enrolledOn" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'enrolled', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_330fd93a9840d96703ca725296d" UNIQUE ("courseId", "workerId"), CONSTRAINT "PK_7c0f752f9fb68bf6ed7367ab00f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_60dd0ae4e21002e63a5fdefeec" ON "enrollments"  ("courseId") `);
    await queryRunner.query(`CREATE INDEX "IDX_b520d47116b7e6cd0924f0afaa" ON "enrollments"  ("workerId") `);
    await queryRunner.query(
      `ALTER TABLE "brokers" ADD CONSTRAINT "FK_b5960c84b74916e07e916db8333" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "broker_status_changes" ADD CONSTRAINT "FK_c7729e07a34b6949117b8976326" FOREIGN KEY ("brokerId") REFERENCES "brokers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workers" ADD CONSTRAINT "FK_02e7641f92ba1ff16096437ebb6" FOREIGN KEY ("township") REFERENCES "townships"("name") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "FK_130a6905445b843f28c6cd4f258" FOREIGN KEY ("providerId") REFERENCES "training_providers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "FK_0033272714770c5facd1373e2ef" FOREIGN KEY ("orderingEmployerId") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrollments" ADD CONSTRAINT "FK_60dd0ae4e21002e63a5fdefeec8" FOREIGN KEY ("courseId") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrollments" ADD CONSTRAINT "FK_b520d47116b7e6cd0924f0afaa8" FOREIGN KEY ("workerId") REFERENCES "workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workers" ADD CONSTRAINT "CHK_workers_categories" CHECK ("categories" <@ ARRAY['rural_surplus','laid_off','graduate','veteran','zero_employment_household','age_40_50']::text[])`,
    );
    await queryRunner.query(
      `ALTER TABLE "workers" ADD CONSTRAINT "CHK_workers_sex" CHECK ("sex" IN ('male','female'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "brokers" ADD CONSTRAINT "CHK_brokers_status" CHECK ("status" IN ('active','suspended'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "broker_status_changes" ADD CONSTRAINT "CHK_broker_status_changes_status" CHECK ("status" IN ('active','suspended'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "CHK_courses_mode" CHECK ("mode" IN ('directed','commissioned','order'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "CHK_courses_payee" CHECK ("payee" IN ('provider','worker'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "CHK_courses_money" CHECK ("subsidyPerTraineeFen" >= 0 AND "hours" > 0 AND "endDate" >= "startDate")`,
    );
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "CHK_courses_ordering_employer" CHECK (("mode" IN ('order','directed')) = ("orderingEmployerId" IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "policy_values" ADD CONSTRAINT "CHK_policy_values_value" CHECK ("value" >= 0)`,
    );
    // The county's townships (admin adds more); targets are this year's labour-export goals.
    await queryRunner.query(`INSERT INTO "townships" ("name", "yearlyTarget") VALUES
        ('城关镇', 1500), ('东风镇', 1200), ('新华镇', 1000), ('永安镇', 900), ('红旗乡', 800), ('太平乡', 700)`);
    // Policy defaults from DESIGN.md, each with its source, in force from 2000-01-01.
    await queryRunner.query(`INSERT INTO "policy_values" ("key", "value", "effectiveFrom", "source", "createdBy") VALUES
        ('contract.deadline_days', 15, '2000-01-01', 'Seed 000: written contract within 15 days of the labour relationship', 'system:seed'),
        ('contract.reminder_days_before', 3, '2000-01-01', 'Bureau practice: remind before the 15-day deadline', 'system:seed'),
        ('contract.rectify_days', 10, '2000-01-01', 'Bureau practice: time allowed by the rectification notice', 'system:seed'),
        ('referral.amount_fen', 8000, '2000-01-01', 'Seed 000: 80 yuan per laid-off worker referred into a 1-year+ contract', 'system:seed'),
        ('referral.min_contract_months', 12, '2000-01-01', 'Seed 000: labour contract of one year or more', 'system:seed'),
        ('referral.repeat_window_months', 12, '2000-01-01', 'Bureau rule: one referral payout per worker in 12 months', 'system:seed'),
        ('referral.retention_days', 0, '2000-01-01', 'Bureau rule: optional retention check after signing (0 = none)', 'system:seed'),
        ('training.placement_window_months', 6, '2000-01-01', 'Seeds 000-002: placement after training; bureau window 6 months', 'system:seed'),
        ('training.attendance_threshold_percent', 80, '2000-01-01', 'Bureau rule: attendance needed to complete a course', 'system:seed'),
        ('claims.second_approval_threshold_fen', 100000, '2000-01-01', 'Finance rule: a second approval above 1,000 yuan', 'system:seed'),
        ('claims.decision_sla_working_days', 10, '2000-01-01', 'Finance rule: decide a claim within 10 working days', 'system:seed'),
        ('case.acknowledge_working_days', 1, '2000-01-01', 'Seeds 001/003: every complaint answered; acknowledge within 1 working day', 'system:seed'),
        ('case.mediation_days', 15, '2000-01-01', 'Labour Dispute Mediation and Arbitration Law art. 14', 'system:seed'),
        ('case.inspection_accept_working_days', 5, '2000-01-01', 'Regulations on Labour Security Inspection (acceptance within 5 working days)', 'system:seed'),
        ('case.inspection_investigate_working_days', 60, '2000-01-01', 'Regulations on Labour Security Inspection art. 17', 'system:seed'),
        ('case.inspection_extension_working_days', 30, '2000-01-01', 'Regulations on Labour Security Inspection art. 17', 'system:seed'),
        ('case.arbitration_accept_days', 5, '2000-01-01', 'Labour Dispute Mediation and Arbitration Law art. 29', 'system:seed'),
        ('case.arbitration_award_days', 45, '2000-01-01', 'Labour Dispute Mediation and Arbitration Law art. 43', 'system:seed'),
        ('case.arbitration_extension_days', 15, '2000-01-01', 'Labour Dispute Mediation and Arbitration Law art. 43', 'system:seed'),
        ('case.limitation_days', 365, '2000-01-01', 'Labour Dispute Mediation and Arbitration Law art. 27 (one year)', 'system:seed'),
        ('household.visit_interval_days', 30, '2000-01-01', 'Seed 002: regular return visits (monthly)', 'system:seed'),
        ('household.request_answer_days', 7, '2000-01-01', 'Seed 002: contact-card requests answered within one week', 'system:seed'),
        ('household.working_age_min_years', 16, '2000-01-01', 'Labour Law art. 15: minimum working age', 'system:seed'),
        ('household.working_age_max_years', 60, '2000-01-01', 'Bureau practice: upper working age for the survey', 'system:seed')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "policy_values"`);
    await queryRunner.query(`DELETE FROM "townships"`);
    for (const [table, name] of [
      ['workers', 'CHK_workers_categories'],
      ['workers', 'CHK_workers_sex'],
      ['brokers', 'CHK_brokers_status'],
      ['broker_status_changes', 'CHK_broker_status_changes_status'],
      ['courses', 'CHK_courses_mode'],
      ['courses', 'CHK_courses_payee'],
      ['courses', 'CHK_courses_money'],
      ['courses', 'CHK_courses_ordering_employer'],
      ['policy_values', 'CHK_policy_values_value'],
    ]) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    }
    await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "FK_b520d47116b7e6cd0924f0afaa8"`);
    await queryRunner.query(`ALTER TABLE "enrollments" DROP CONSTRAINT "FK_60dd0ae4e21002e63a5fdefeec8"`);
    await queryRunner.query(`ALTER TABLE "courses" DROP CONSTRAINT "FK_0033272714770c5facd1373e2ef"`);
    await queryRunner.query(`ALTER TABLE "courses" DROP CONSTRAINT "FK_130a6905445b843f28c6cd4f258"`);
    await queryRunner.query(`ALTER TABLE "workers" DROP CONSTRAINT "FK_02e7641f92ba1ff16096437ebb6"`);
    await queryRunner.query(`ALTER TABLE "broker_status_changes" DROP CONSTRAINT "FK_c7729e07a34b6949117b8976326"`);
    await queryRunner.query(`ALTER TABLE "brokers" DROP CONSTRAINT "FK_b5960c84b74916e07e916db8333"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b520d47116b7e6cd0924f0afaa"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_60dd0ae4e21002e63a5fdefeec"`);
    await queryRunner.query(`DROP TABLE "enrollments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6ba1a54849ae17832337a39d5e"`);
    await queryRunner.query(`DROP TABLE "courses"`);
    await queryRunner.query(`DROP TABLE "training_providers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_02e7641f92ba1ff16096437ebb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_337fc312d59870cf6c6b902019"`);
    await queryRunner.query(`DROP TABLE "workers"`);
    await queryRunner.query(`DROP TABLE "townships"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_099e67f13da42a29cbcfb38c64"`);
    await queryRunner.query(`DROP TABLE "employers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a67f9a7111215930015b6b942a"`);
    await queryRunner.query(`DROP TABLE "broker_status_changes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_57d9027efb28de1408c8d93f3f"`);
    await queryRunner.query(`DROP TABLE "brokers"`);
    await queryRunner.query(`DROP TABLE "policy_values"`);
  }
}
