CREATE TABLE "roster_import_errors" (
	"job_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"line" integer NOT NULL,
	"column" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "roster_import_errors" ADD CONSTRAINT "roster_import_errors_job_id_roster_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."roster_import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_import_errors" ADD CONSTRAINT "roster_import_errors_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "roster_import_errors_job_idx" ON "roster_import_errors" USING btree ("job_id","seq");