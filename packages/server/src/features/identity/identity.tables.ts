export type SubjectType = 'individual' | 'enterprise' | 'government' | 'media' | 'other';
export type SubjectStatus = 'pending' | 'verified' | 'rejected';

export interface IdentityTables {
  subjects: {
    id: string;
    user_id: string;
    type: SubjectType;
    /** Real name of the person, or the organisation's registered name. */
    name: string;
    /** Resident ID number (individual) or unified social credit code (organisation). */
    id_number: string;
    status: SubjectStatus;
    /** Which verifier decided: 'builtin', 'manual', or a plugged provider's name. */
    decided_by: string | null;
    reason: string | null;
    created_at: number;
    decided_at: number | null;
  };
}
