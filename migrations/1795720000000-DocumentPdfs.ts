import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each document's PDF as first printed, with its own SHA-256, served from here afterwards.
 * documents itself refuses UPDATE, so the PDF gets its own insert-only table.
 */
export class DocumentPdfs1795720000000 implements MigrationInterface {
  name = 'DocumentPdfs1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_pdfs" ("documentId" integer NOT NULL, "pdf" bytea NOT NULL, "sha256" character(64) NOT NULL, "bytes" integer NOT NULL, "renderer" character varying(80) NOT NULL, "createdBy" character varying(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_document_pdfs" PRIMARY KEY ("documentId"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_pdfs" ADD CONSTRAINT "FK_document_pdfs_document" FOREIGN KEY ("documentId") REFERENCES "documents"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `CREATE TRIGGER document_pdfs_no_update_delete BEFORE UPDATE OR DELETE ON "document_pdfs" FOR EACH ROW EXECUTE FUNCTION documents_immutable()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER document_pdfs_no_update_delete ON "document_pdfs"`);
    await queryRunner.query(`DROP TABLE "document_pdfs"`);
  }
}
