ALTER TABLE "departments" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_parent_id_departments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "departments_parent_idx" ON "departments" USING btree ("parent_id");--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_parent_not_self_ck" CHECK ("departments"."parent_id" is distinct from "departments"."id");