import type { Deployment, DeploymentStatus, NodeStatus } from './deployment.schema.js';
import type { NodePlan } from './deployment.plan.js';
import type { NodeKind } from './topology.schema.js';

export interface NewDeployment {
  organizationId: string;
  topologyId: string;
  nodes: { nodeId: string; kind: NodeKind; serverId: string }[];
}

export interface DeploymentRepository {
  /** Stores a queued deployment with every node pending; DEPLOYMENT_RUNNING when one is queued or running. */
  insert(deployment: NewDeployment): Promise<Deployment>;
  find(organizationId: string, id: string): Promise<Deployment | undefined>;
  /** For the job, which acts for no one. */
  findById(id: string): Promise<Deployment | undefined>;
  /** Newest first. */
  list(organizationId: string, topologyId: string, limit: number): Promise<Deployment[]>;
  setStatus(
    id: string,
    patch: { status: DeploymentStatus; error?: string | null; startedAt?: Date; finishedAt?: Date | null },
  ): Promise<Deployment>;
  setNode(
    id: string,
    nodeId: string,
    patch: { status: NodeStatus; reason: string | null; files?: string[] },
    at: Date,
  ): Promise<Deployment>;
}

/** The passwords a topology's services share, generated at its first deploy. */
export interface DeploySecrets {
  databasePassword: string;
  replicationPassword: string;
  redisPassword: string;
  /** Odoo's master password (admin_passwd). */
  adminPassword: string;
}

export interface RenderedFile {
  /** Relative to the node's directory on the server. */
  path: string;
  content: string;
  /** Holds a password: written with mode 0600. */
  secret: boolean;
}

export interface RenderContext {
  topologyId: string;
  topologyName: string;
  secrets: DeploySecrets;
}

/** Renders the files a node needs: compose files, load-balancer and Odoo configuration. */
export interface ConfigRenderer {
  render(plan: NodePlan, context: RenderContext): RenderedFile[];
}

/** How to reach a server over SSH. */
export interface SshTarget {
  host: string;
  port: number;
  user: string;
  privateKey: string | null;
  password: string | null;
  /** The host key pinned earlier (SHA256 fingerprint); a server showing another is refused. */
  hostKey: string | null;
  /** The Docker Engine's socket on the server; `/var/run/docker.sock` when not given. */
  dockerSocket?: string;
}

/** `hostKey`: the fingerprint the server showed, so that the first one can be pinned. */
export type StepResult = { ok: true; hostKey?: string } | { ok: false; reason: string };

/** Puts a node's files on its server and starts it; checks that it answers. */
export interface NodeExecutor {
  /** Writes the files under `directory` (relative to the SSH user's home unless absolute), checks and starts the node. */
  apply(target: SshTarget, plan: NodePlan, files: RenderedFile[], directory: string): Promise<StepResult>;
  /** Whether the node answers now. */
  check(target: SshTarget, plan: NodePlan, directory: string): Promise<StepResult>;
}

/** Hands a deployment to the durable job queue. */
export interface DeployQueue {
  request(deploymentId: string): Promise<void>;
}
