import type { SshTarget } from '../topologies/deployment.ports.js';

/**
 * The container engine of one of the agency's servers (Docker Engine API, reached over SSH).
 * Every name below is a container, network or volume name on that engine; the control plane
 * names everything it creates `ocore-…` and labels it, so it never touches what it did not make.
 */
export interface ContainerRuntime {
  /** Whether the engine answers; its version, and the SSH host key the server showed (for pinning). */
  ping(): Promise<EngineInfo>;

  /** Pulls the image unless the engine has it; progress as the registry reports it. */
  ensureImage(ref: string, onProgress?: (progress: PullProgress) => void): Promise<void>;
  ensureNetwork(name: string, labels: Record<string, string>): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  /** Takes the container off the network, running or not; one not on it (or missing) is fine. */
  disconnectNetwork(network: string, container: string): Promise<void>;
  ensureVolume(name: string, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string): Promise<void>;
  listVolumes(labels: Record<string, string>): Promise<string[]>;

  /** Creates (not starts) a container; an existing container of that name is an error unless `replace`. */
  createContainer(spec: ContainerSpec, options?: { replace?: boolean }): Promise<string>;
  startContainer(name: string): Promise<void>;
  /** Stops with SIGTERM, then SIGKILL after `timeoutSeconds`; a stopped container is fine. */
  stopContainer(name: string, timeoutSeconds?: number): Promise<void>;
  restartContainer(name: string, timeoutSeconds?: number): Promise<void>;
  /** Removes the container (forced); a missing one is fine. */
  removeContainer(name: string): Promise<void>;
  /** The container's state, or undefined when there is none of that name. */
  inspectContainer(name: string): Promise<ContainerState | undefined>;
  /** Containers carrying every one of the labels, running or not. */
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>;

  /** Runs a command to its end (no TTY); stdin is written then closed. */
  exec(name: string, command: ExecCommand): Promise<ExecResult>;
  /** An interactive session (TTY): terminals and the Odoo shell. */
  openSession(name: string, command: ExecCommand & { columns: number; rows: number }): Promise<ExecSession>;
  /** A command whose stdout is streamed (pg_dump, tar); stderr is kept for the error message. */
  execStream(name: string, command: ExecCommand): Promise<ExecStream>;

  /** The container's log lines, oldest first; with `follow`, stays open until aborted. */
  logs(name: string, options: LogOptions): AsyncIterable<LogLine>;
  /** One sample of CPU, memory, network and disk counters. */
  stats(name: string): Promise<ContainerStats>;

  /** Writes files into a stopped or running container (a tar of them, extracted at `directory`). */
  putFiles(name: string, directory: string, files: readonly ContainerFile[]): Promise<void>;
  /** A regular file of the container (running or stopped) as text; undefined when there is none. */
  readFile(name: string, path: string): Promise<string | undefined>;
  /** Streams a tar of `path` out of the container. */
  getArchive(name: string, path: string): AsyncIterable<Uint8Array>;
  /** Extracts a tar stream into `directory` of the container. */
  putArchive(name: string, directory: string, tar: AsyncIterable<Uint8Array>): Promise<void>;
}

/** Gives the runtime of a server; the adapter keeps one SSH connection per server and reuses it. */
export interface ContainerRuntimes {
  forServer(target: SshTarget): ContainerRuntime;
}

export interface EngineInfo {
  engineVersion: string;
  apiVersion: string;
  /** SHA256 fingerprint of the server's SSH host key, to pin on first use; null for a local socket. */
  hostKey: string | null;
}

export interface PullProgress {
  /** e.g. "Downloading", "Pull complete". */
  status: string;
  /** 0-100 across the layers when the registry reports sizes. */
  percent?: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  labels: Record<string, string>;
  /** Runs as this user (e.g. "odoo"); never privileged. */
  user?: string;
  /** The first network is the one it is created on; aliases apply on each. */
  networks: { name: string; aliases?: string[] }[];
  /** Named volumes only: the runtime refuses host paths. */
  volumes?: { volume: string; target: string; readOnly?: boolean }[];
  /** Published ports, always bound to an explicit host address. */
  ports?: { containerPort: number; hostIp: string; hostPort?: number; protocol?: 'tcp' | 'udp' }[];
  limits?: { cpus?: number; memoryMb?: number };
  restart?: 'no' | 'unless-stopped' | 'on-failure';
  /** Files written into the container after it is created and before it starts. */
  files?: { directory: string; files: ContainerFile[] };
  /**
   * A check the engine itself runs in the container every `intervalSeconds` (exit 0 means
   * healthy; `retries` failures in a row, unhealthy); its verdict comes with `listContainers`.
   */
  healthcheck?: {
    command: string[];
    intervalSeconds: number;
    timeoutSeconds: number;
    retries: number;
    /** Failures in this first while do not count. */
    startPeriodSeconds?: number;
  };
}

export interface ContainerFile {
  /** Relative to the directory it is written in. */
  path: string;
  content: string | Uint8Array;
  /** Octal file mode, 0o644 by default. */
  mode?: number;
  /** Owner as uid:gid numbers, root by default. */
  uid?: number;
  gid?: number;
}

export interface ContainerState {
  id: string;
  name: string;
  image: string;
  status: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  exitCode: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  labels: Record<string, string>;
  /** Published ports as bound on the host. */
  ports: { containerPort: number; hostIp: string; hostPort: number }[];
  /** The networks it is attached to, as the engine says (not as it was created). */
  networks: string[];
}

export type ContainerHealth = 'starting' | 'healthy' | 'unhealthy';

export type ContainerSummary = Pick<ContainerState, 'id' | 'name' | 'image' | 'status' | 'labels'> & {
  /** The verdict of the container's own health check; undefined for a container without one. */
  health?: ContainerHealth;
};

export interface ExecCommand {
  command: string[];
  user?: string;
  env?: Record<string, string>;
  workdir?: string;
  stdin?: string | Uint8Array | AsyncIterable<Uint8Array>;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecStream {
  stdout: AsyncIterable<Uint8Array>;
  /** Settles when the command has ended: its exit code and the tail of its stderr. */
  done: Promise<{ exitCode: number; stderr: string }>;
}

export interface ExecSession {
  output: AsyncIterable<Uint8Array>;
  write(data: string | Uint8Array): void;
  resize(columns: number, rows: number): Promise<void>;
  /** Ends the session (kills the process if it still runs). */
  close(): void;
  done: Promise<{ exitCode: number | null }>;
}

export interface LogOptions {
  follow?: boolean;
  /** ISO time or unix seconds. */
  since?: string;
  until?: string;
  /** Only the last N lines before following. */
  tail?: number;
  signal?: AbortSignal;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** ISO time the engine recorded. */
  time: string;
  text: string;
}

export interface ContainerStats {
  at: string;
  /** Percent of one core times the cores used (200 = two cores busy). */
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  networkRxBytes: number;
  networkTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
}

/**
 * A runtime failure the user can act on: `step` names what was being done ("pull image
 * odoo:18.0"), the message what went wrong. Adapters throw it instead of engine errors.
 */
export class RuntimeError extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly kind:
      'unreachable' | 'host_key_mismatch' | 'auth' | 'image' | 'conflict' | 'not_found' | 'engine' = 'engine',
  ) {
    super(`${step}: ${message}`);
    this.name = 'RuntimeError';
  }
}
