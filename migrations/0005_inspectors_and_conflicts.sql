CREATE TYPE "public"."inspector_action" AS ENUM('create', 'update', 'suspend', 'reinstate', 'leave', 'import');--> statement-breakpoint
CREATE TYPE "public"."inspector_status" AS ENUM('active', 'suspended', 'left');--> statement-breakpoint
CREATE TYPE "public"."conflict_category" AS ENUM('own-interest', 'spouse', 'lineal-relative', 'collateral-relative', 'close-in-law', 'former-employment', 'other');--> statement-breakpoint
CREATE TYPE "public"."conflict_source" AS ENUM('self-declared', 'entity-reported', 'admin-recorded');--> statement-breakpoint
CREATE TABLE "inspector_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" "inspector_action" NOT NULL,
	"actor_token_id" uuid,
	"actor_role" "role",
	"reason" text,
	"changed_fields" text[] NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspector_history_version_uq" UNIQUE("inspector_id","version")
);
--> statement-breakpoint
CREATE TABLE "inspectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"name" text NOT NULL,
	"post" text,
	"certificate_no" text NOT NULL,
	"cert_valid_from" date,
	"cert_valid_until" date NOT NULL,
	"qualifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"district" text,
	"status" "inspector_status" DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspectors_department_certificate_uq" UNIQUE("department_id","certificate_no")
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "conflicts_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"department_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"entity_code" text NOT NULL,
	"entity_code_flag" text,
	"category" "conflict_category" NOT NULL,
	"source" "conflict_source" NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"statement" text,
	"created_by_token_id" uuid,
	"created_by_role" "role",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_by_token_id" uuid,
	"ended_by_role" "role",
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "inspector_history" ADD CONSTRAINT "inspector_history_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_history" ADD CONSTRAINT "inspector_history_inspector_id_inspectors_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_history" ADD CONSTRAINT "inspector_history_actor_token_id_api_tokens_id_fk" FOREIGN KEY ("actor_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspectors" ADD CONSTRAINT "inspectors_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_inspector_id_inspectors_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_created_by_token_id_api_tokens_id_fk" FOREIGN KEY ("created_by_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_ended_by_token_id_api_tokens_id_fk" FOREIGN KEY ("ended_by_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspectors_department_status_idx" ON "inspectors" USING btree ("department_id","status");--> statement-breakpoint
CREATE INDEX "conflicts_department_inspector_idx" ON "conflicts" USING btree ("department_id","inspector_id");--> statement-breakpoint
CREATE INDEX "conflicts_department_entity_idx" ON "conflicts" USING btree ("department_id","entity_code");