-- Inspection records (全程留痕) are append-only: a correction is a new event, never an edit.
-- Filed findings are records too: they change only by a new finding. The service has no
-- UPDATE or DELETE path for either; the database refuses them as well, whoever connects.
CREATE OR REPLACE FUNCTION sortes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '23001';
END $$;
--> statement-breakpoint
CREATE TRIGGER inspection_events_append_only BEFORE UPDATE OR DELETE ON inspection_events
  FOR EACH ROW EXECUTE FUNCTION sortes_append_only();
--> statement-breakpoint
CREATE TRIGGER findings_append_only BEFORE UPDATE OR DELETE ON findings
  FOR EACH ROW EXECUTE FUNCTION sortes_append_only();
