import { createServerInput, defaultDockerSocket, updateServerInput, type Server } from '@ocore/core';
import type { RouterInputs } from '@ocore/server';
import { wholeNumberOf } from '../../../lib/whole-number';

export type CreateServerInput = RouterInputs['servers']['create'];
export type UpdateServerInput = RouterInputs['servers']['update'];

/** How the platform signs in to the server over SSH; either can be added later. */
export type CredentialKind = 'key' | 'password' | 'none';
/** What the edit form does with the stored credentials: keep them, or replace them by a kind. */
export type CredentialChoice = CredentialKind | 'keep';

export const serverFields = [
  'name',
  'host',
  'port',
  'sshUser',
  'dockerSocket',
  'sshPrivateKey',
  'sshPassword',
  'capacity.cpuCores',
  'capacity.memoryMb',
  'capacity.maxInstances',
] as const;

export type ServerField = (typeof serverFields)[number];
export type ServerFormValues = Record<ServerField, string>;

/** What the add form starts with. */
export const newServerValues: Partial<ServerFormValues> = {
  port: '22',
  sshUser: 'root',
  dockerSocket: defaultDockerSocket,
  'capacity.cpuCores': '4',
  'capacity.memoryMb': '8192',
  'capacity.maxInstances': '10',
};

/** The edit form's values for a stored server. */
export function serverValuesOf(server: Server): Partial<ServerFormValues> {
  return {
    name: server.name,
    host: server.host ?? '',
    port: server.port === null ? '' : String(server.port),
    sshUser: server.sshUser ?? '',
    dockerSocket: server.dockerSocket ?? '',
    'capacity.cpuCores': String(server.capacity?.cpuCores ?? ''),
    'capacity.memoryMb': String(server.capacity?.memoryMb ?? ''),
    'capacity.maxInstances': String(server.capacity?.maxInstances ?? ''),
  };
}

function capacityOf(values: ServerFormValues): CreateServerInput['capacity'] {
  return {
    cpuCores: wholeNumberOf(values['capacity.cpuCores']),
    memoryMb: wholeNumberOf(values['capacity.memoryMb']),
    maxInstances: wholeNumberOf(values['capacity.maxInstances']),
  };
}

/** The create request for what the form holds; only the chosen credential is sent. */
export function createServerInputOf(values: ServerFormValues, credential: CredentialKind): CreateServerInput {
  const sshUser = values.sshUser.trim();
  return {
    name: values.name,
    host: values.host,
    port: wholeNumberOf(values.port),
    ...(sshUser ? { sshUser } : {}),
    ...(values.dockerSocket.trim() ? { dockerSocket: values.dockerSocket.trim() } : {}),
    ...(credential === 'key' ? { sshPrivateKey: values.sshPrivateKey } : {}),
    ...(credential === 'password' ? { sshPassword: values.sshPassword } : {}),
    capacity: capacityOf(values),
  };
}

/**
 * The edit request: every field as typed; a new key or password replaces whatever was
 * stored (the other one is cleared, `null`), "none" clears both, "keep" sends neither;
 * the status only when maintenance was switched.
 */
export function updateServerInputOf(
  server: Server,
  values: ServerFormValues,
  credential: CredentialChoice,
  maintenance: boolean,
): UpdateServerInput {
  const clearKey = credential !== 'keep' && credential !== 'key' && server.hasSshKey;
  const clearPassword = credential !== 'keep' && credential !== 'password' && server.hasSshPassword;
  const socket = values.dockerSocket.trim();
  return {
    id: server.id,
    name: values.name,
    host: values.host,
    port: wholeNumberOf(values.port),
    sshUser: values.sshUser.trim(),
    // Emptied: back to the default socket (the schema's own reading of ""); kept when it was hidden.
    ...(server.dockerSocket !== null || socket ? { dockerSocket: socket } : {}),
    ...(credential === 'key' ? { sshPrivateKey: values.sshPrivateKey } : clearKey ? { sshPrivateKey: null } : {}),
    ...(credential === 'password' ? { sshPassword: values.sshPassword } : clearPassword ? { sshPassword: null } : {}),
    capacity: capacityOf(values),
    ...(maintenance !== (server.status === 'maintenance') ? { status: maintenance ? 'maintenance' : 'active' } : {}),
  };
}

const socketOnCreate = createServerInput.pick({ dockerSocket: true });
const socketOnUpdate = updateServerInput.pick({ dockerSocket: true });

/**
 * The Docker socket path checked in the browser with the core schema the server applies (same
 * words), so a wrong path is said beside its field before anything is sent; null when it passes.
 */
export function dockerSocketProblem(input: { dockerSocket?: string | null }, mode: 'create' | 'update'): string | null {
  const check = (mode === 'create' ? socketOnCreate : socketOnUpdate).safeParse({ dockerSocket: input.dockerSocket });
  return check.success ? null : (check.error.issues[0]?.message ?? 'is not valid');
}

/** What the server holds to sign in over SSH, in words. */
export function describeCredentials(server: Pick<Server, 'hasSshKey' | 'hasSshPassword'>): string {
  if (server.hasSshKey && server.hasSshPassword) return 'A private key and a password are stored.';
  if (server.hasSshKey) return 'A private key is stored.';
  if (server.hasSshPassword) return 'A password is stored.';
  return 'None: deployments cannot sign in to this server until a key or a password is added.';
}

/** "4 CPU · 8 GB RAM · 10 instances", or why the sizes are not shown. */
export function describeCapacity(
  capacity: { cpuCores: number; memoryMb: number; maxInstances: number } | null,
): string {
  if (!capacity) return 'Hidden by the agency';
  const memory = capacity.memoryMb >= 1024 ? `${+(capacity.memoryMb / 1024).toFixed(1)} GB` : `${capacity.memoryMb} MB`;
  return `${capacity.cpuCores} CPU · ${memory} RAM · ${capacity.maxInstances} instances`;
}
