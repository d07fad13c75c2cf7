import type { InfrastructureVisibility } from '../agency/agency.schema.js';
import { subscriptionCodeProblem } from '../org-settings/org-settings.rules.js';
import type { SubscriptionValidation } from '../org-settings/org-settings.schema.js';
import type { ServerRecord } from '../servers/server.ports.js';
import { invalidInput, type DomainError } from '../shared/domain-error.js';
import { envVarsProblems, templateLimits } from '../templates/template.rules.js';
import { supportedOdooVersions, isSupportedOdooVersion } from '../shared/odoo-versions.js';

/** The override key that sets the worker count rather than an environment variable. */
export const workersOverrideKey = 'WORKERS';

/** Odoo's sizing rule of thumb: at most 2 workers per CPU core, plus one. */
export function maxWorkersFor(cpuCores: number): number {
  return cpuCores * 2 + 1;
}

/** Refuses a template whose Odoo version the platform no longer provisions. */
export function requireSupportedVersion(odooVersion: string, templateName: string): void {
  if (!isSupportedOdooVersion(odooVersion)) {
    throw invalidInput(
      'odooVersion',
      `Odoo ${odooVersion} of template "${templateName}" is not supported (supported: ${supportedOdooVersions.join(', ')})`,
    );
  }
}

/**
 * The instance's workers and environment: the template's defaults with the overrides on
 * top. WORKERS sets the workers (a whole number 0-64); every other key sets a variable.
 */
export function applyOverrides(
  defaults: { defaultWorkers: number; defaultEnvVars: Readonly<Record<string, string>> },
  overrides: Readonly<Record<string, string>>,
): { workers: number; envVars: Record<string, string> } {
  const { [workersOverrideKey]: workersText, ...vars } = overrides;
  const { min, max } = templateLimits.workers;
  let workers = defaults.defaultWorkers;
  if (workersText !== undefined) {
    workers = /^\d{1,3}$/.test(workersText.trim()) ? Number(workersText.trim()) : Number.NaN;
    if (!(workers >= min && workers <= max))
      throw invalidInput(`overrides.${workersOverrideKey}`, `must be a whole number ${min}-${max}`);
  }
  const envVars = { ...defaults.defaultEnvVars, ...vars };
  const [problem] = envVarsProblems(envVars);
  if (problem) throw invalidInput(problem[0] === undefined ? 'overrides' : `overrides.${problem[0]}`, problem[1]);
  return { workers, envVars };
}

/**
 * Why the stored subscription code cannot provision Odoo Enterprise `odooVersion`: none is
 * stored, it fails the local format check, or its last validation for that version failed.
 */
export function subscriptionProblem(
  storedCode: string | undefined,
  odooVersion: string,
  last: SubscriptionValidation | null,
): string | undefined {
  if (!storedCode)
    return 'Odoo Enterprise (ee) needs a subscription code and none is stored in the organization settings';
  const format = subscriptionCodeProblem(storedCode);
  if (format) return `the stored subscription code ${format}`;
  if (last && last.source === 'stored' && last.odooVersion === odooVersion && !last.valid) {
    return `the last validation of the stored subscription code for Odoo ${odooVersion} failed: ${last.reason ?? 'refused'}`;
  }
  return undefined;
}

/** The container limits an instance gets, and what the memory limits of a server's instances add up to. */
export interface LimitDemand {
  cpuLimit: number | null;
  memoryLimitMb: number | null;
  /** The sum of the memory limits of the instances already on the server (those without one count 0). */
  reservedMemoryMb: number;
}

/**
 * An instance's limits: the request's where it sets them (null there means no limit), else
 * the template's, else none.
 */
export function limitsFor(
  request: { cpuLimit?: number | null | undefined; memoryLimitMb?: number | null | undefined },
  template: { cpuLimit: number | null; memoryLimitMb: number | null } | undefined,
): { cpuLimit: number | null; memoryLimitMb: number | null } {
  return {
    cpuLimit: request.cpuLimit === undefined ? (template?.cpuLimit ?? null) : request.cpuLimit,
    memoryLimitMb: request.memoryLimitMb === undefined ? (template?.memoryLimitMb ?? null) : request.memoryLimitMb,
  };
}

/**
 * Why the server's cores and memory cannot hold the limits: more cores than it has, or a
 * memory limit that, added to those of its instances, is more than its memory (memory is
 * not shared the way CPU time is: an overcommitted host kills processes). Undefined when they fit.
 */
export function limitRefusal(server: ServerRecord, limits: LimitDemand, sizes: boolean): DomainError | undefined {
  const { cpuCores, memoryMb } = server.capacity;
  if (limits.cpuLimit !== null && limits.cpuLimit > cpuCores) {
    return invalidInput(
      'cpuLimit',
      `${limits.cpuLimit} CPU cores are more than server ${server.name} has${sizes ? ` (${cpuCores} cores)` : ''}`,
    );
  }
  if (limits.memoryLimitMb !== null && limits.reservedMemoryMb + limits.memoryLimitMb > memoryMb) {
    const free = Math.max(0, memoryMb - limits.reservedMemoryMb);
    return invalidInput(
      'memoryLimitMb',
      `${limits.memoryLimitMb} MB of memory do not fit on server ${server.name}${sizes ? ` (${free} of its ${memoryMb} MB are not yet given to the memory limits of its instances)` : ''}`,
    );
  }
  return undefined;
}

/**
 * Why `server` cannot take an instance with `workers` workers (and `limits`), given the
 * instances it holds; undefined when it can. Sizes are left out of the message where the
 * caller may not see them (infrastructureVisibility none).
 */
export function serverRefusal(
  server: ServerRecord,
  instanceCount: number,
  workers: number,
  visibility: InfrastructureVisibility,
  limits?: LimitDemand,
): DomainError | undefined {
  const sizes = visibility !== 'none';
  // Pending (not checked yet) is allowed: the provision's first step connects and says why it cannot.
  if (server.status === 'maintenance' || server.status === 'unreachable') {
    const why = server.status === 'maintenance' ? 'is in maintenance' : 'is unreachable (its last check failed)';
    return invalidInput('serverStatus', `server ${server.name} ${why}; choose an active server`);
  }
  const { maxInstances, cpuCores } = server.capacity;
  if (instanceCount >= maxInstances) {
    return invalidInput(
      'serverCapacity',
      `server ${server.name} is full${sizes ? `: ${instanceCount} of ${maxInstances} instances` : ''}`,
    );
  }
  const maxWorkers = maxWorkersFor(cpuCores);
  if (workers > maxWorkers) {
    return invalidInput(
      'workers',
      `${workers} workers are more than server ${server.name} can run${sizes ? ` (at most ${maxWorkers}: 2 per CPU core + 1, ${cpuCores} cores)` : ''}`,
    );
  }
  return limits ? limitRefusal(server, limits, sizes) : undefined;
}
