-- The working entity roster, partitioned by department (issue 15). A replace import loads the
-- new roster into a fresh table, indexes it after the load and swaps it in with DETACH/ATTACH
-- (src/rosters/imports/entities-swap.ts): COPY speed, and readers see the old roster or the new
-- one, never half of either. Each department that imported a roster has its own partition
-- entities_<department id without dashes>; rows written any other way before that (upsert
-- imports, fixtures) go to entities_default, which the first replace import of the department
-- empties. Existing rows move here: one partition per department that has any.
ALTER TABLE "entities" RENAME TO "entities_unpartitioned";--> statement-breakpoint
ALTER TABLE "entities_unpartitioned" RENAME CONSTRAINT "entities_pk" TO "entities_unpartitioned_pk";--> statement-breakpoint
ALTER TABLE "entities_unpartitioned" RENAME CONSTRAINT "entities_department_id_departments_id_fk" TO "entities_unpartitioned_department_fk";--> statement-breakpoint
ALTER INDEX "entities_type_idx" RENAME TO "entities_unpartitioned_type_idx";--> statement-breakpoint
ALTER INDEX "entities_region_idx" RENAME TO "entities_unpartitioned_region_idx";--> statement-breakpoint
CREATE TABLE "entities" (LIKE "entities_unpartitioned" INCLUDING DEFAULTS) PARTITION BY LIST ("department_id");--> statement-breakpoint
-- The indexed text columns compare bytewise: a replace import builds three indexes over them
-- after every load, and under a libc collation other than "C" (C.UTF-8 included) PostgreSQL
-- sorts with strcoll and without abbreviated keys (~1.5x slower builds, measured). Byte order
-- is also the order pages, leaves and certificate lists already use.
ALTER TABLE "entities" ALTER COLUMN "credit_code" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "entities" ALTER COLUMN "entity_type" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "entities" ALTER COLUMN "region_code" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_pk" PRIMARY KEY ("department_id", "credit_code");--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entities_type_idx" ON "entities" USING btree ("department_id","entity_type","credit_code");--> statement-breakpoint
CREATE INDEX "entities_region_idx" ON "entities" USING btree ("department_id","region_code","credit_code");--> statement-breakpoint
CREATE TABLE "entities_default" PARTITION OF "entities" DEFAULT;--> statement-breakpoint
DO $$
DECLARE d uuid;
BEGIN
  FOR d IN SELECT DISTINCT "department_id" FROM "entities_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "entities" FOR VALUES IN (%L)',
      'entities_' || replace(d::text, '-', ''), d);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "entities" SELECT * FROM "entities_unpartitioned";--> statement-breakpoint
DROP TABLE "entities_unpartitioned";
