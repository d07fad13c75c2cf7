import { authRouter } from '../auth/auth.router.js';
import { eventsRouter } from '../events/events.router.js';
import { memberRouter } from '../members/member.router.js';
import { organizationRouter } from '../organizations/organization.router.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  organizations: organizationRouter,
  members: memberRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
