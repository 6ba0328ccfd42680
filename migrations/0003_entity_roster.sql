CREATE TYPE "public"."credit_code_kind" AS ENUM('uscc', 'legacy');--> statement-breakpoint
CREATE TYPE "public"."import_state" AS ENUM('queued', 'running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."risk_class" AS ENUM('A', 'B', 'C', 'D');--> statement-breakpoint
CREATE TABLE "entities" (
	"department_id" uuid NOT NULL,
	"credit_code" text NOT NULL,
	"code_kind" "credit_code_kind" NOT NULL,
	"code_flag" text,
	"name" text NOT NULL,
	"legal_representative" text NOT NULL,
	"address" text NOT NULL,
	"registration_authority" text NOT NULL,
	"entity_type" text,
	"industry" text,
	"region_code" text,
	"registration_status" text,
	"risk_class" "risk_class",
	"natural_person" boolean DEFAULT false NOT NULL,
	"complaint_count" integer DEFAULT 0 NOT NULL,
	"last_inspected" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entities_pk" PRIMARY KEY("department_id","credit_code")
);
--> statement-breakpoint
CREATE TABLE "entity_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"label" text NOT NULL,
	"reason" text,
	"entity_count" integer NOT NULL,
	"risk_counts" jsonb NOT NULL,
	"encoding" text NOT NULL,
	"merkle_root" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entity_revisions_label_uq" UNIQUE("department_id","label")
);
--> statement-breakpoint
CREATE TABLE "revision_entities" (
	"revision_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"credit_code" text NOT NULL,
	"code_kind" "credit_code_kind" NOT NULL,
	"code_flag" text,
	"name" text NOT NULL,
	"legal_representative" text NOT NULL,
	"address" text NOT NULL,
	"registration_authority" text NOT NULL,
	"entity_type" text,
	"industry" text,
	"region_code" text,
	"registration_status" text,
	"risk_class" "risk_class",
	"natural_person" boolean DEFAULT false NOT NULL,
	"complaint_count" integer DEFAULT 0 NOT NULL,
	"last_inspected" date,
	CONSTRAINT "revision_entities_pk" PRIMARY KEY("revision_id","credit_code")
);
--> statement-breakpoint
CREATE TABLE "roster_import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"format" text NOT NULL,
	"mode" text NOT NULL,
	"encoding" text,
	"state" "import_state" DEFAULT 'queued' NOT NULL,
	"bytes_total" bigint NOT NULL,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	"report" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entity_revisions" ADD CONSTRAINT "entity_revisions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revision_entities" ADD CONSTRAINT "revision_entities_revision_id_entity_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."entity_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revision_entities" ADD CONSTRAINT "revision_entities_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_import_jobs" ADD CONSTRAINT "roster_import_jobs_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entities_type_idx" ON "entities" USING btree ("department_id","entity_type","credit_code");--> statement-breakpoint
CREATE INDEX "entities_region_idx" ON "entities" USING btree ("department_id","region_code","credit_code");--> statement-breakpoint
CREATE INDEX "entities_risk_idx" ON "entities" USING btree ("department_id","risk_class","credit_code");--> statement-breakpoint
CREATE INDEX "entities_status_idx" ON "entities" USING btree ("department_id","registration_status","credit_code");--> statement-breakpoint
CREATE INDEX "entity_revisions_created_idx" ON "entity_revisions" USING btree ("department_id","created_at");--> statement-breakpoint
CREATE INDEX "roster_import_jobs_department_idx" ON "roster_import_jobs" USING btree ("department_id","created_at");--> statement-breakpoint
CREATE INDEX "roster_import_jobs_state_idx" ON "roster_import_jobs" USING btree ("state") WHERE state in ('queued', 'running');