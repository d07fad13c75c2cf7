/**
 * Every column that holds a sealed secret, by table and key. Key rotation walks this list;
 * a slice that stores a new secret adds its column here.
 */
export const sealedColumns = [
  {
    table: 'org_settings',
    key: 'organization_id',
    columns: ['posthog_personal_api_key_sealed', 'posthog_webhook_secret_sealed', 'subscription_code_sealed'],
  },
  { table: 'servers', key: 'id', columns: ['ssh_private_key_sealed', 'ssh_password_sealed'] },
  { table: 'topologies', key: 'id', columns: ['secrets_sealed'] },
  { table: 'instances', key: 'id', columns: ['secrets_sealed'] },
  { table: 'server_databases', key: 'server_id', columns: ['password_sealed'] },
  { table: 'portal_domain_certificates', key: 'portal_domain_id', columns: ['key_sealed'] },
  { table: 'acme_accounts', key: 'directory_url', columns: ['account_key_sealed'] },
  { table: 'backup_destinations', key: 'id', columns: ['credentials_sealed'] },
] as const;
