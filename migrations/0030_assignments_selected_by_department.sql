-- Hand-edited from the generated SQL (drizzle has no partitioning): assignments and
-- round_selected partitioned by LIST (department_id) (issue 15 item 2). Both are read across
-- rounds (cool-down and yearly-cap history at every commit, plan progress and warnings, an
-- inspector's assignments), always within one department, so the reads are pruned to one
-- partition. Each department gets assignments_<id without dashes> and round_selected_<id
-- without dashes> before its first draw (src/db/department-partitions.ts); rows written any
-- other way go to the DEFAULT partitions. round_selected gains department_id (the round's:
-- the lead's in a joint round). Unique keys must contain the partition key; it comes last, so
-- lookups by id or round that do not name the department still use each partition's index.
-- Existing rows move here: one partition per department that has any.
ALTER TABLE "assignments" RENAME TO "assignments_unpartitioned";--> statement-breakpoint
ALTER TABLE "assignments_unpartitioned" RENAME CONSTRAINT "assignments_pkey" TO "assignments_unpartitioned_pkey";--> statement-breakpoint
ALTER TABLE "assignments_unpartitioned" RENAME CONSTRAINT "assignments_member_uq" TO "assignments_unpartitioned_member_uq";--> statement-breakpoint
ALTER INDEX "assignments_inspector_idx" RENAME TO "assignments_unpartitioned_inspector_idx";--> statement-breakpoint
CREATE TABLE "assignments" (LIKE "assignments_unpartitioned" INCLUDING DEFAULTS) PARTITION BY LIST ("department_id");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_pk" PRIMARY KEY("id","department_id");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_member_uq" UNIQUE("round_id","entity_id","inspector_id","department_id");--> statement-breakpoint
CREATE INDEX "assignments_inspector_idx" ON "assignments" USING btree ("department_id","inspector_id");--> statement-breakpoint
CREATE TABLE "assignments_default" PARTITION OF "assignments" DEFAULT;--> statement-breakpoint
ALTER TABLE "round_selected" RENAME TO "round_selected_unpartitioned";--> statement-breakpoint
ALTER TABLE "round_selected_unpartitioned" RENAME CONSTRAINT "round_selected_round_id_entity_id_pk" TO "round_selected_unpartitioned_pk";--> statement-breakpoint
CREATE TABLE "round_selected" (
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"stratum" text NOT NULL,
	"entity_id" text NOT NULL,
	"rank" integer NOT NULL,
	"ticket" text NOT NULL
) PARTITION BY LIST ("department_id");--> statement-breakpoint
ALTER TABLE "round_selected" ADD CONSTRAINT "round_selected_pk" PRIMARY KEY("round_id","entity_id","department_id");--> statement-breakpoint
CREATE TABLE "round_selected_default" PARTITION OF "round_selected" DEFAULT;--> statement-breakpoint
DO $$
DECLARE d uuid;
BEGIN
  FOR d IN SELECT DISTINCT "department_id" FROM "assignments_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "assignments" FOR VALUES IN (%L)',
      'assignments_' || replace(d::text, '-', ''), d);
  END LOOP;
  FOR d IN SELECT DISTINCT r."department_id" FROM "round_selected_unpartitioned" s
           JOIN "rounds" r ON r."id" = s."round_id" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "round_selected" FOR VALUES IN (%L)',
      'round_selected_' || replace(d::text, '-', ''), d);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "assignments" SELECT * FROM "assignments_unpartitioned";--> statement-breakpoint
INSERT INTO "round_selected" ("department_id", "round_id", "stratum", "entity_id", "rank", "ticket")
SELECT r."department_id", s."round_id", s."stratum", s."entity_id", s."rank", s."ticket"
FROM "round_selected_unpartitioned" s JOIN "rounds" r ON r."id" = s."round_id";--> statement-breakpoint
DROP TABLE "assignments_unpartitioned";--> statement-breakpoint
DROP TABLE "round_selected_unpartitioned";
