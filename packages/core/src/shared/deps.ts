import type { EventPublisher } from './events.js';
import type { Clock } from './ports.js';
import type { Store } from './store.js';

/** What every use case may use; slices add their own ports on top. */
export interface CoreDeps {
  store: Store;
  events: EventPublisher;
  clock: Clock;
}
