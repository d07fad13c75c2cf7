/** An API key as stored: only a hash of the key. */
export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  name: string;
  roleId: string;
  roleName: string;
  rolePermissions: string[];
  /** The first characters of the key, to recognise it in a list. */
  prefix: string;
  createdByUserId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface ApiKeyRepository {
  insert(key: {
    organizationId: string;
    name: string;
    roleId: string;
    prefix: string;
    keyHash: string;
    createdByUserId: string;
  }): Promise<ApiKeyRecord>;
  list(organizationId: string): Promise<ApiKeyRecord[]>;
  find(organizationId: string, id: string): Promise<ApiKeyRecord | undefined>;
  findByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Records a use; the store may skip the write when the last one is recent. */
  markUsed(id: string, now: Date): Promise<void>;
  delete(organizationId: string, id: string): Promise<boolean>;
}
