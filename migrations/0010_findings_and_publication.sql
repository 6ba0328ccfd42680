CREATE TYPE "public"."finding_decision_type" AS ENUM('result', 'decision', 'other_decision');--> statement-breakpoint
CREATE TYPE "public"."inspection_event_kind" AS ENUM('arrival', 'certificates_shown', 'document_reviewed', 'statement', 'evidence_file', 'media_reference', 'note', 'sign_off');--> statement-breakpoint
CREATE TYPE "public"."finding_result_code" AS ENUM('未发现问题', '未按规定公示应当公示的信息', '公示信息隐瞒真实情况、弄虚作假', '通过登记的住所(经营场所)无法联系', '发现问题已责令改正', '发现问题待后续处理', '不配合检查情节严重', '未发现开展本次抽查涉及的经营活动', '已关闭停业或正在组织清算', '已注销/吊销/撤销/迁出');--> statement-breakpoint
CREATE TYPE "public"."correction_status" AS ENUM('pending', 'corrected', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."retraction_reason" AS ENUM('revoked', 'unlawful', 'remade');--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"entity_id" text NOT NULL,
	"entity_name" text NOT NULL,
	"legal_representative" text,
	"address" text,
	"natural_person" boolean NOT NULL,
	"result_code" "finding_result_code" NOT NULL,
	"description" text NOT NULL,
	"rectification_ordered" boolean NOT NULL,
	"rectification_deadline" date,
	"penalty_case_no" text,
	"referral_authority" text,
	"credit_listing" boolean NOT NULL,
	"evidence_hashes" text[] NOT NULL,
	"involves_minor" boolean NOT NULL,
	"trade_secret_fields" text[] NOT NULL,
	"privacy_fields" text[] NOT NULL,
	"withholding_note" text,
	"decision_type" "finding_decision_type" NOT NULL,
	"inspection_ended_on" date NOT NULL,
	"decided_on" date,
	"signed_head" text NOT NULL,
	"filed_by_inspector_id" uuid NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "findings_decided_on_ck" CHECK ("findings"."decision_type" = 'result' or "findings"."decided_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "inspection_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"entity_id" text NOT NULL,
	"seq" integer NOT NULL,
	"kind" "inspection_event_kind" NOT NULL,
	"inspector_id" uuid NOT NULL,
	"token_id" uuid NOT NULL,
	"occurred_at" text NOT NULL,
	"recorded_at" text NOT NULL,
	"summary" text NOT NULL,
	"detail" jsonb NOT NULL,
	"corrects_event_id" uuid,
	"evidence_sha256" text,
	"evidence_size" bigint,
	"evidence_media_type" text,
	"evidence_path" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "inspection_events_seq_uq" UNIQUE("round_id","entity_id","seq")
);
--> statement-breakpoint
CREATE TABLE "correction_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"message" text NOT NULL,
	"contact" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "correction_status" DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"cause" text,
	"resolved_at" timestamp with time zone,
	"resolved_by_token_id" uuid,
	"ledger_index" bigint
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"finding_id" uuid PRIMARY KEY NOT NULL,
	"department_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"public_name" text NOT NULL,
	"credit_code" text NOT NULL,
	"natural_person" boolean NOT NULL,
	"content" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"approved_by_token_id" uuid,
	"deadline" date NOT NULL,
	"deadline_provisional" boolean NOT NULL,
	"met_deadline" boolean NOT NULL,
	"ledger_index" bigint NOT NULL,
	"leaf_hash" text NOT NULL,
	"taken_down_at" timestamp with time zone,
	"take_down_ledger_index" bigint
);
--> statement-breakpoint
CREATE TABLE "retractions" (
	"finding_id" uuid PRIMARY KEY NOT NULL,
	"department_id" uuid NOT NULL,
	"reason" "retraction_reason" NOT NULL,
	"revoked_on" date NOT NULL,
	"retracted_at" timestamp with time zone NOT NULL,
	"deadline" date NOT NULL,
	"deadline_provisional" boolean NOT NULL,
	"met_deadline" boolean NOT NULL,
	"explanation" text NOT NULL,
	"by_token_id" uuid,
	"ledger_index" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_events" ADD CONSTRAINT "inspection_events_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_events" ADD CONSTRAINT "inspection_events_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retractions" ADD CONSTRAINT "retractions_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retractions" ADD CONSTRAINT "retractions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "findings_team_idx" ON "findings" USING btree ("department_id","round_id","entity_id");--> statement-breakpoint
CREATE INDEX "inspection_events_team_idx" ON "inspection_events" USING btree ("department_id","round_id","entity_id");--> statement-breakpoint
CREATE INDEX "correction_requests_department_idx" ON "correction_requests" USING btree ("department_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "publications_department_idx" ON "publications" USING btree ("department_id","published_at");--> statement-breakpoint
CREATE INDEX "publications_code_idx" ON "publications" USING btree ("department_id","credit_code");