DROP INDEX "entities_risk_idx";--> statement-breakpoint
DROP INDEX "entities_status_idx";