import { drawExecutionRoutes } from "../assignments/draw.routes.js";
import { calendarFeedRoutes } from "../assignments/ics-feed.routes.js";
import { inspectionNoticeRoutes } from "../assignments/notices/routes.js";
import { assignmentRoutes } from "../assignments/routes.js";
import { accountRoutes } from "../auth/accounts.routes.js";
import { authRoutes } from "../auth/routes.js";
import { sessionRoutes } from "../auth/sessions.routes.js";
import { calendarRoutes } from "../calendar/routes.js";
import { checklistRoutes } from "../checklist/routes.js";
import { dashboardRoutes } from "../dashboard/routes.js";
import { departmentRoutes } from "../departments/routes.js";
import { publicDrawRoutes } from "../draws/public-routes.js";
import { drawRoutes } from "../draws/routes.js";
import { exportRoutes } from "../exports/routes.js";
import { findingRoutes } from "../findings/routes.js";
import { jobRoutes, noticeRoutes } from "../jobs/routes.js";
import { auditRoutes } from "../ledger/audit-routes.js";
import { checkpointRoutes } from "../ledger/checkpoint-routes.js";
import { roundWitnessRoutes } from "../ledger/round-witnesses.routes.js";
import { ledgerRoutes } from "../ledger/routes.js";
import { notificationRoutes } from "../notifications/routes.js";
import { planProgressRoutes } from "../plans/progress-routes.js";
import { planTemplateRoutes } from "../plans/template-routes.js";
import { planRoutes } from "../plans/routes.js";
import { publicPublicationRoutes } from "../publication/public-routes.js";
import { publicationRoutes } from "../publication/routes.js";
import { reviewQueueRoutes } from "../publication/review-queue.routes.js";
import { conflictRoutes } from "../rosters/conflicts/conflicts.routes.js";
import { entityRoutes } from "../rosters/entities/entities.routes.js";
import { directoryRoutes } from "../rosters/inspectors/directory.routes.js";
import { inspectorRoutes } from "../rosters/inspectors/inspectors.routes.js";
import type { RouteDef } from "./route.js";

/** Every API route, from every domain. The OpenAPI document is built from this list. */
export function allRoutes(): RouteDef[] {
  return [
    ...departmentRoutes,
    ...authRoutes,
    ...sessionRoutes,
    ...accountRoutes,
    ...jobRoutes,
    ...noticeRoutes,
    ...checklistRoutes,
    ...planRoutes,
    ...planProgressRoutes,
    ...planTemplateRoutes,
    ...calendarRoutes,
    ...drawRoutes,
    ...drawExecutionRoutes,
    ...publicDrawRoutes,
    ...assignmentRoutes,
    ...calendarFeedRoutes,
    ...inspectionNoticeRoutes,
    ...inspectorRoutes,
    ...directoryRoutes,
    ...conflictRoutes,
    ...entityRoutes,
    ...ledgerRoutes,
    ...checkpointRoutes,
    ...roundWitnessRoutes,
    ...auditRoutes,
    ...findingRoutes,
    ...exportRoutes,
    ...publicationRoutes,
    ...reviewQueueRoutes,
    ...dashboardRoutes,
    ...publicPublicationRoutes,
    ...notificationRoutes,
  ];
}
