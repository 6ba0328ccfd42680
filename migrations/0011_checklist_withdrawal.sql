ALTER TABLE "checklist_items" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_withdrawal_ck" CHECK (("checklist_items"."withdrawn_at" is null) = ("checklist_items"."withdrawal_reason" is null));--> statement-breakpoint
-- Withdrawal is one-way and an item's code never changes: plans, rounds and the public cite it.
CREATE OR REPLACE FUNCTION sortes_checklist_item_identity_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.withdrawn_at IS NOT NULL THEN
    RAISE EXCEPTION 'checklist item % is withdrawn and immutable', OLD.code USING ERRCODE = '23001';
  END IF;
  IF NEW.code IS DISTINCT FROM OLD.code OR NEW.department_id IS DISTINCT FROM OLD.department_id THEN
    RAISE EXCEPTION 'checklist item % keeps its code and department', OLD.code USING ERRCODE = '23001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER checklist_items_identity_immutable BEFORE UPDATE ON checklist_items
  FOR EACH ROW EXECUTE FUNCTION sortes_checklist_item_identity_immutable();
