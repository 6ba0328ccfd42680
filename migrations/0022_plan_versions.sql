ALTER TABLE "plans" DROP CONSTRAINT "plans_department_year_uq";--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "amendment_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_draft_per_year_uq" ON "plans" USING btree ("department_id","year") WHERE "plans"."status" = 'draft';--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_department_year_version_uq" UNIQUE("department_id","year","version");--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_amendment_reason_ck" CHECK (("plans"."version" = 1) = ("plans"."amendment_reason" is null));