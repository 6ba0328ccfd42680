CREATE TYPE "public"."round_status" AS ENUM('draft', 'committed', 'revealed', 'drawn', 'in_progress', 'closed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."assignment_status" AS ENUM('assigned', 'accepted', 'recused');--> statement-breakpoint
CREATE TYPE "public"."recusal_request_status" AS ENUM('pending', 'accepted', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."substitution_source" AS ENUM('declaration', 'entity-request');--> statement-breakpoint
CREATE TABLE "round_contributors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"credential_hash" text NOT NULL,
	"commitment" text,
	"committed_at" timestamp with time zone,
	"nonce" text,
	"revealed_at" timestamp with time zone,
	CONSTRAINT "round_contributors_position_uq" UNIQUE("round_id","position"),
	CONSTRAINT "round_contributors_name_uq" UNIQUE("round_id","name")
);
--> statement-breakpoint
CREATE TABLE "round_eligible" (
	"round_id" uuid NOT NULL,
	"stratum" text NOT NULL,
	"entity_id" text NOT NULL,
	"leaf_index" integer NOT NULL,
	CONSTRAINT "round_eligible_round_id_entity_id_pk" PRIMARY KEY("round_id","entity_id"),
	CONSTRAINT "round_eligible_leaf_uq" UNIQUE("round_id","leaf_index")
);
--> statement-breakpoint
CREATE TABLE "round_exclusions" (
	"round_id" uuid NOT NULL,
	"entity_id" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "round_exclusions_round_id_entity_id_pk" PRIMARY KEY("round_id","entity_id")
);
--> statement-breakpoint
CREATE TABLE "round_proofs" (
	"round_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"department_id" uuid NOT NULL,
	"bundle" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "round_proofs_round_id_version_pk" PRIMARY KEY("round_id","version")
);
--> statement-breakpoint
CREATE TABLE "round_selected" (
	"round_id" uuid NOT NULL,
	"stratum" text NOT NULL,
	"entity_id" text NOT NULL,
	"rank" integer NOT NULL,
	"ticket" text NOT NULL,
	CONSTRAINT "round_selected_round_id_entity_id_pk" PRIMARY KEY("round_id","entity_id")
);
--> statement-breakpoint
CREATE TABLE "round_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"from_status" "round_status",
	"to_status" "round_status" NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "round_transitions_once_uq" UNIQUE("round_id","to_status")
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"title" text NOT NULL,
	"plan_year" integer NOT NULL,
	"item_version_id" uuid NOT NULL,
	"plan_id" uuid,
	"revision_id" uuid,
	"team_size" integer NOT NULL,
	"window_from" date NOT NULL,
	"window_until" date NOT NULL,
	"reveal_deadline" timestamp with time zone NOT NULL,
	"draw_at" timestamp with time zone,
	"beacon_plan" jsonb,
	"beacon" jsonb,
	"status" "round_status" DEFAULT 'draft' NOT NULL,
	"failure_code" text,
	"failure_reason" text,
	"commitment" text,
	"commitment_hash" text,
	"seed" text,
	"inspector_pool" jsonb,
	"conflict_digests" jsonb,
	"supplements_round_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	CONSTRAINT "rounds_team_size_ck" CHECK ("rounds"."team_size" >= 2),
	CONSTRAINT "rounds_window_ck" CHECK ("rounds"."window_from" <= "rounds"."window_until")
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"entity_id" text NOT NULL,
	"inspector_id" uuid NOT NULL,
	"slot" integer NOT NULL,
	"status" "assignment_status" DEFAULT 'assigned' NOT NULL,
	"accepted_at" timestamp with time zone,
	"recused_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignments_member_uq" UNIQUE("round_id","entity_id","inspector_id")
);
--> statement-breakpoint
CREATE TABLE "recusal_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"entity_id" text NOT NULL,
	"inspector_id" uuid NOT NULL,
	"category" text NOT NULL,
	"statement" text NOT NULL,
	"contact" text NOT NULL,
	"status" "recusal_request_status" DEFAULT 'pending' NOT NULL,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"decided_by_token_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_substitutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"entity_id" text NOT NULL,
	"recused" uuid NOT NULL,
	"substitute" uuid,
	"reason" text NOT NULL,
	"category" text NOT NULL,
	"statement" text NOT NULL,
	"source" "substitution_source" NOT NULL,
	"at" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "round_substitutions_seq_uq" UNIQUE("round_id","seq")
);
--> statement-breakpoint
ALTER TABLE "round_contributors" ADD CONSTRAINT "round_contributors_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_contributors" ADD CONSTRAINT "round_contributors_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_eligible" ADD CONSTRAINT "round_eligible_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_exclusions" ADD CONSTRAINT "round_exclusions_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_proofs" ADD CONSTRAINT "round_proofs_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_proofs" ADD CONSTRAINT "round_proofs_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_selected" ADD CONSTRAINT "round_selected_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_transitions" ADD CONSTRAINT "round_transitions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_transitions" ADD CONSTRAINT "round_transitions_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_requests" ADD CONSTRAINT "recusal_requests_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_requests" ADD CONSTRAINT "recusal_requests_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_substitutions" ADD CONSTRAINT "round_substitutions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_substitutions" ADD CONSTRAINT "round_substitutions_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rounds_department_idx" ON "rounds" USING btree ("department_id","plan_year");--> statement-breakpoint
CREATE INDEX "assignments_inspector_idx" ON "assignments" USING btree ("department_id","inspector_id");--> statement-breakpoint
CREATE INDEX "recusal_requests_round_idx" ON "recusal_requests" USING btree ("round_id");