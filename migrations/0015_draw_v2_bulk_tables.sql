-- sortes-draw/v2 (draw-spec §16): chunk leaf hashes of each round's eligible set; proof bundles
-- stored in parts (a 300 000-team bundle is ~100 MB of text); and bulk per-round tables without
-- per-row foreign-key checks. round_selected and assignments rows are written only in the
-- transaction that holds the round's row lock (department_id taken from the round), so the only
-- way they could dangle is a deleted round: no code path deletes rounds, and the trigger at the
-- end refuses it, whoever connects.
CREATE TABLE "round_eligible_chunks" (
	"round_id" uuid NOT NULL,
	"chunk" integer NOT NULL,
	"leaf_hash" text NOT NULL,
	CONSTRAINT "round_eligible_chunks_round_id_chunk_pk" PRIMARY KEY("round_id","chunk")
);
--> statement-breakpoint
CREATE TABLE "round_proof_parts" (
	"round_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"part" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "round_proof_parts_round_id_version_part_pk" PRIMARY KEY("round_id","version","part")
);
--> statement-breakpoint
ALTER TABLE "round_selected" DROP CONSTRAINT "round_selected_round_id_rounds_id_fk";
--> statement-breakpoint
ALTER TABLE "assignments" DROP CONSTRAINT "assignments_department_id_departments_id_fk";
--> statement-breakpoint
ALTER TABLE "assignments" DROP CONSTRAINT "assignments_round_id_rounds_id_fk";
--> statement-breakpoint
ALTER TABLE "round_proofs" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "round_proofs" ADD COLUMN "bytes" integer;--> statement-breakpoint
ALTER TABLE "round_proofs" ADD COLUMN "parts" integer;--> statement-breakpoint
-- Existing bundles become one part each; their digest is of the exact stored text.
INSERT INTO "round_proof_parts" ("round_id", "version", "part", "text")
  SELECT "round_id", "version", 0, "bundle" FROM "round_proofs";--> statement-breakpoint
UPDATE "round_proofs" SET "sha256" = encode(sha256(convert_to("bundle", 'UTF8')), 'hex'),
  "bytes" = octet_length(convert_to("bundle", 'UTF8')), "parts" = 1;--> statement-breakpoint
ALTER TABLE "round_proofs" ALTER COLUMN "sha256" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "round_proofs" ALTER COLUMN "bytes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "round_proofs" ALTER COLUMN "parts" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "round_eligible_chunks" ADD CONSTRAINT "round_eligible_chunks_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_proof_parts" ADD CONSTRAINT "round_proof_parts_round_id_version_round_proofs_round_id_version_fk" FOREIGN KEY ("round_id","version") REFERENCES "public"."round_proofs"("round_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_proofs" DROP COLUMN "bundle";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sortes_rounds_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rounds are never deleted (their draws, proofs and assignments refer to them)' USING ERRCODE = '23001';
END $$;
--> statement-breakpoint
CREATE TRIGGER rounds_never_deleted BEFORE DELETE ON rounds
  FOR EACH ROW EXECUTE FUNCTION sortes_rounds_never_deleted();
