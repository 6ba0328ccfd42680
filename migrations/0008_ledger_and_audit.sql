CREATE TABLE "audit_entries" (
	"department_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"token_id" uuid,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"request_id" text NOT NULL,
	"status" integer NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_entries_department_id_seq_pk" PRIMARY KEY("department_id","seq")
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"department_id" uuid NOT NULL,
	"idx" bigint NOT NULL,
	"kind" text NOT NULL,
	"artefact_id" text NOT NULL,
	"leaf_json" text NOT NULL,
	"leaf_hash" text NOT NULL,
	"content_json" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"taken_down_at" timestamp with time zone,
	"taken_down_by_idx" bigint,
	CONSTRAINT "ledger_entries_department_id_idx_pk" PRIMARY KEY("department_id","idx"),
	CONSTRAINT "ledger_entries_leaf_hash_uq" UNIQUE("department_id","leaf_hash")
);
--> statement-breakpoint
CREATE TABLE "ledger_tree_heads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" text NOT NULL,
	"timestamp_ms" bigint NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"algorithm" text DEFAULT 'ed25519' NOT NULL,
	"public_key" text NOT NULL,
	"secret_key" text,
	"origin" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_tree_heads" ADD CONSTRAINT "ledger_tree_heads_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_tree_heads" ADD CONSTRAINT "ledger_tree_heads_key_id_signing_keys_key_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."signing_keys"("key_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_entries_artefact_idx" ON "ledger_entries" USING btree ("department_id","kind","artefact_id");--> statement-breakpoint
CREATE INDEX "ledger_tree_heads_dept_idx" ON "ledger_tree_heads" USING btree ("department_id","tree_size");