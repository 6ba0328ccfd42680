-- Published checklist versions and approved plans are public records (事前公开, 一公开): the
-- service never changes them, and the database refuses to as well, whoever connects.
CREATE OR REPLACE FUNCTION sortes_published_item_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'checklist item version % is published and immutable', OLD.id USING ERRCODE = '23001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER checklist_item_versions_published_immutable BEFORE UPDATE OR DELETE ON checklist_item_versions
  FOR EACH ROW EXECUTE FUNCTION sortes_published_item_version_immutable();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sortes_approved_plan_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION 'plan % is approved and immutable', OLD.id USING ERRCODE = '23001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER plans_approved_immutable BEFORE UPDATE OR DELETE ON plans
  FOR EACH ROW EXECUTE FUNCTION sortes_approved_plan_immutable();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sortes_approved_plan_items_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM plans WHERE id = OLD.plan_id AND status = 'approved') THEN
    RAISE EXCEPTION 'plan % is approved and immutable', OLD.plan_id USING ERRCODE = '23001';
  END IF;
  IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM plans WHERE id = NEW.plan_id AND status = 'approved') THEN
    RAISE EXCEPTION 'plan % is approved and immutable', NEW.plan_id USING ERRCODE = '23001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER plan_items_approved_immutable BEFORE INSERT OR UPDATE OR DELETE ON plan_items
  FOR EACH ROW EXECUTE FUNCTION sortes_approved_plan_items_immutable();
