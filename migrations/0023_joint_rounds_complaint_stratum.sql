CREATE TABLE "round_joint_departments" (
	"round_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item_version_id" uuid,
	"revision_id" uuid,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"joined_at" timestamp with time zone,
	CONSTRAINT "round_joint_departments_round_id_department_id_pk" PRIMARY KEY("round_id","department_id"),
	CONSTRAINT "round_joint_departments_position_uq" UNIQUE("round_id","position"),
	CONSTRAINT "round_joint_departments_position_ck" CHECK ("round_joint_departments"."position" >= 1)
);
--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "complaint_stratum" jsonb;--> statement-breakpoint
ALTER TABLE "round_joint_departments" ADD CONSTRAINT "round_joint_departments_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_joint_departments" ADD CONSTRAINT "round_joint_departments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "round_joint_departments_department_idx" ON "round_joint_departments" USING btree ("department_id");