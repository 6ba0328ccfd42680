CREATE TABLE "checklist_item_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"inspecting_body" text NOT NULL,
	"name" text NOT NULL,
	"legal_basis" text NOT NULL,
	"content" text NOT NULL,
	"methods" text[] NOT NULL,
	"target_description" text DEFAULT '' NOT NULL,
	"target_entity_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"target_region_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"required_qualification" text,
	"entity_count" integer,
	"default_rate_bp" integer,
	"default_rounds_per_year" integer,
	"override_rate_bp" integer,
	"override_rounds_per_year" integer,
	"override_basis" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "checklist_item_versions_item_version_uq" UNIQUE("item_id","version"),
	CONSTRAINT "checklist_item_versions_status_ck" CHECK ("checklist_item_versions"."status" in ('draft', 'published')),
	CONSTRAINT "checklist_item_versions_published_at_ck" CHECK (("checklist_item_versions"."status" = 'published') = ("checklist_item_versions"."published_at" is not null)),
	CONSTRAINT "checklist_item_versions_basis_ck" CHECK (length(btrim("checklist_item_versions"."legal_basis")) > 0),
	CONSTRAINT "checklist_item_versions_override_ck" CHECK (("checklist_item_versions"."override_rate_bp" is null and "checklist_item_versions"."override_rounds_per_year" is null) = ("checklist_item_versions"."override_basis" is null))
);
--> statement-breakpoint
CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_items_department_code_uq" UNIQUE("department_id","code")
);
--> statement-breakpoint
ALTER TABLE "checklist_item_versions" ADD CONSTRAINT "checklist_item_versions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_item_versions" ADD CONSTRAINT "checklist_item_versions_item_id_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."checklist_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_item_versions_one_draft_uq" ON "checklist_item_versions" USING btree ("item_id") WHERE status = 'draft';--> statement-breakpoint
CREATE INDEX "checklist_item_versions_department_idx" ON "checklist_item_versions" USING btree ("department_id");