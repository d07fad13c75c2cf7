import { describe, expect, it } from 'vitest';
import { tokenOrganizationOf } from './auth';

const encode = (claims: object) => Buffer.from(JSON.stringify(claims)).toString('base64url');

describe('tokenOrganizationOf', () => {
  it("reads a JWT's org claim, base64url and unpadded", () => {
    const token = `${encode({ alg: 'HS256' })}.${encode({ sub: 'u', org: 'org-ü?>', amr: ['pwd'] })}.sig`;
    expect(tokenOrganizationOf(token)).toBe('org-ü?>');
  });

  it('is null without a token, an org claim or a readable payload', () => {
    expect(tokenOrganizationOf(null)).toBeNull();
    expect(tokenOrganizationOf(`x.${encode({ org: null })}.y`)).toBeNull();
    expect(tokenOrganizationOf('not-a-jwt')).toBeNull();
    expect(tokenOrganizationOf('x.%%%.y')).toBeNull();
  });
});
