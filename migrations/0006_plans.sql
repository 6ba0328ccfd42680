CREATE TABLE "plan_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"item_version_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"rounds_per_year" integer,
	"rate_a_bp" integer,
	"rate_b_bp" integer,
	"rate_c_bp" integer,
	"rate_d_bp" integer,
	CONSTRAINT "plan_items_plan_item_uq" UNIQUE("plan_id","item_id"),
	CONSTRAINT "plan_items_rates_all_or_none_ck" CHECK (num_nulls("plan_items"."rate_a_bp", "plan_items"."rate_b_bp", "plan_items"."rate_c_bp", "plan_items"."rate_d_bp") in (0, 4))
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"rounds_per_year" integer NOT NULL,
	"rate_a_bp" integer NOT NULL,
	"rate_b_bp" integer NOT NULL,
	"rate_c_bp" integer NOT NULL,
	"rate_d_bp" integer NOT NULL,
	"cooldown_days" integer DEFAULT 0 NOT NULL,
	"max_inspections_per_entity_per_year" integer,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_at" timestamp with time zone,
	CONSTRAINT "plans_department_year_uq" UNIQUE("department_id","year"),
	CONSTRAINT "plans_status_ck" CHECK ("plans"."status" in ('draft', 'approved')),
	CONSTRAINT "plans_approved_at_ck" CHECK (("plans"."status" = 'approved') = ("plans"."approved_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_item_id_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_item_version_id_checklist_item_versions_id_fk" FOREIGN KEY ("item_version_id") REFERENCES "public"."checklist_item_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_items_department_idx" ON "plan_items" USING btree ("department_id");