import type { SubjectType } from './identity.tables.ts';

export interface VerificationRequest {
  type: SubjectType;
  name: string;
  idNumber: string;
}

export type VerificationDecision =
  | { decision: 'verified' }
  | { decision: 'rejected'; reason: string }
  /** The provider needs time or a person (an admin approves or rejects later). */
  | { decision: 'pending' };

/**
 * Where identities are checked. The built-in one checks the numbers' own rules; an operator
 * plugs a real eKYC service by implementing this interface.
 */
export interface IdentityVerifier {
  readonly name: string;
  verify(request: VerificationRequest): Promise<VerificationDecision>;
}

/**
 * Individuals are verified at once when the ID number passes GB 11643 (checked before we get
 * here); organisations wait for an admin, as WeChat's organisation review does.
 */
export const builtinVerifier: IdentityVerifier = {
  name: 'builtin',
  async verify(request) {
    return request.type === 'individual' ? { decision: 'verified' } : { decision: 'pending' };
  },
};
