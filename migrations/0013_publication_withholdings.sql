CREATE TYPE "public"."publication_withholding_reason" AS ENUM('minor', 'state_secret', 'trade_secret', 'personal_privacy', 'security', 'obstructs_enforcement');--> statement-breakpoint
CREATE TABLE "publication_withholdings" (
	"finding_id" uuid PRIMARY KEY NOT NULL,
	"department_id" uuid NOT NULL,
	"reason" "publication_withholding_reason" NOT NULL,
	"note" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_token_id" uuid
);
--> statement-breakpoint
ALTER TABLE "publication_withholdings" ADD CONSTRAINT "publication_withholdings_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_withholdings" ADD CONSTRAINT "publication_withholdings_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;