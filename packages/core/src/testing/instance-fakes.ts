import type { OperationQueue } from '../instances/instance.ports.js';
import type { StepSettings } from '../instances/odoo.steps.js';
import { createFakeRuntimes, type FakeRuntimes } from './fake-runtime.js';

/** A queue that keeps what it was handed, for the test to run; `failing` makes it refuse. */
export interface RecordingQueue extends OperationQueue {
  readonly requested: string[];
  failing: boolean;
}

export interface InstanceFakes {
  runtimes: FakeRuntimes;
  operationQueue: RecordingQueue;
  instanceSteps: StepSettings;
  instanceBaseDomain: string | undefined;
}

/** Fakes of the instance ports: engines in memory, a recording queue, waits that do not wait. */
export function createInstanceFakes(): InstanceFakes {
  const requested: string[] = [];
  const operationQueue: RecordingQueue = {
    requested,
    failing: false,
    async request(id) {
      if (this.failing) throw new Error('the job queue is not running');
      requested.push(id);
    },
  };
  return {
    runtimes: createFakeRuntimes(),
    operationQueue,
    instanceSteps: {
      odooImage: 'odoo:{version}',
      postgresImage: 'postgres:15',
      healthTimeoutMs: 3000,
      healthIntervalMs: 1000,
      proxy: { image: 'nginx:1.27', hostIp: '127.0.0.1', hostPort: 8080 },
      sleep: () => Promise.resolve(),
    },
    instanceBaseDomain: 'apps.test',
  };
}
