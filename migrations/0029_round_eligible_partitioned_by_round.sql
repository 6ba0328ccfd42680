-- round_eligible partitioned by LIST (round_id) (issue 15 item 2). A round writes its eligible
-- set once, at commit, into a fresh table of its own, indexes it after the load and ATTACHes it
-- as its partition inside the commit's transaction (src/db/round-partitions.ts): sorted index
-- builds instead of a B-tree insertion per row, statistics of that round only, and a failed
-- commit leaves nothing. The foreign key to rounds goes (ATTACH would re-check it by scanning
-- the round's rows; rows are written only by the commit under the round's lock, and rounds are
-- never deleted). Rows written any other way (fixtures, tools) land in round_eligible_default;
-- ATTACH scans that partition, so existing rows do not move there: one partition per round.
-- round_selected and assignments stay unpartitioned: both are read across rounds (cool-down
-- and yearly-cap history at every commit, plan progress and warnings, an inspector's
-- assignments), which per-round partitions turn into a scan of every round (bench/README.md).
-- Hand-edited after drizzle-kit generate, which emitted only the dropped foreign key (the drizzle
-- schema has no partitioning; the primary key and the unique constraint keep their names).
ALTER TABLE "round_eligible" DROP CONSTRAINT "round_eligible_round_id_rounds_id_fk";--> statement-breakpoint
ALTER TABLE "round_eligible" RENAME TO "round_eligible_unpartitioned";--> statement-breakpoint
ALTER TABLE "round_eligible_unpartitioned" RENAME CONSTRAINT "round_eligible_round_id_entity_id_pk" TO "round_eligible_unpartitioned_pk";--> statement-breakpoint
ALTER TABLE "round_eligible_unpartitioned" RENAME CONSTRAINT "round_eligible_leaf_uq" TO "round_eligible_unpartitioned_leaf_uq";--> statement-breakpoint
CREATE TABLE "round_eligible" (LIKE "round_eligible_unpartitioned" INCLUDING DEFAULTS) PARTITION BY LIST ("round_id");--> statement-breakpoint
ALTER TABLE "round_eligible" ADD CONSTRAINT "round_eligible_round_id_entity_id_pk" PRIMARY KEY ("round_id", "entity_id");--> statement-breakpoint
ALTER TABLE "round_eligible" ADD CONSTRAINT "round_eligible_leaf_uq" UNIQUE ("round_id", "leaf_index");--> statement-breakpoint
CREATE TABLE "round_eligible_default" PARTITION OF "round_eligible" DEFAULT;--> statement-breakpoint
DO $$
DECLARE r uuid;
BEGIN
  FOR r IN SELECT DISTINCT "round_id" FROM "round_eligible_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "round_eligible" FOR VALUES IN (%L)',
      'round_eligible_' || replace(r::text, '-', ''), r);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "round_eligible" SELECT * FROM "round_eligible_unpartitioned" ORDER BY "round_id", "leaf_index";--> statement-breakpoint
DROP TABLE "round_eligible_unpartitioned";--> statement-breakpoint
ANALYZE "round_eligible";
