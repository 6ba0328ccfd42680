CREATE TABLE "ledger_checkpoints" (
	"department_id" uuid NOT NULL,
	"tree_size" bigint NOT NULL,
	"origin" text NOT NULL,
	"root_hash" text NOT NULL,
	"key_id" text NOT NULL,
	"note" text NOT NULL,
	"timestamp_ms" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_checkpoints_department_id_tree_size_pk" PRIMARY KEY("department_id","tree_size")
);
--> statement-breakpoint
CREATE TABLE "ledger_cosignatures" (
	"department_id" uuid NOT NULL,
	"tree_size" bigint NOT NULL,
	"witness_name" text NOT NULL,
	"key_hash" text NOT NULL,
	"timestamp_s" bigint NOT NULL,
	"signature_line" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_cosignatures_department_id_tree_size_witness_name_key_hash_pk" PRIMARY KEY("department_id","tree_size","witness_name","key_hash")
);
--> statement-breakpoint
CREATE TABLE "ledger_witness_states" (
	"origin" text NOT NULL,
	"witness_name" text NOT NULL,
	"department_id" uuid NOT NULL,
	"cosigned_size" bigint DEFAULT 0 NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_witness_states_origin_witness_name_pk" PRIMARY KEY("origin","witness_name")
);
--> statement-breakpoint
ALTER TABLE "ledger_checkpoints" ADD CONSTRAINT "ledger_checkpoints_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_checkpoints" ADD CONSTRAINT "ledger_checkpoints_key_id_signing_keys_key_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."signing_keys"("key_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_cosignatures" ADD CONSTRAINT "ledger_cosignatures_checkpoint_fk" FOREIGN KEY ("department_id","tree_size") REFERENCES "public"."ledger_checkpoints"("department_id","tree_size") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_witness_states" ADD CONSTRAINT "ledger_witness_states_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_witness_states_dept_idx" ON "ledger_witness_states" USING btree ("department_id");