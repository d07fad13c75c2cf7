import type { SecretBox } from '../shared/secret-box.js';
import type { SshTarget } from '../topologies/deployment.ports.js';
import type { ServerRecord } from './server.ports.js';

/** How to reach a server's engine over SSH, with its stored credentials opened. */
export function sshTargetOf(secrets: SecretBox, server: ServerRecord): SshTarget {
  return {
    host: server.host,
    port: server.port,
    user: server.sshUser,
    privateKey: server.sealedKey ? secrets.open(server.sealedKey) : null,
    password: server.sealedPassword ? secrets.open(server.sealedPassword) : null,
    hostKey: server.sshHostKey,
    dockerSocket: server.dockerSocket,
  };
}
