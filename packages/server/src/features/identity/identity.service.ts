import { WharfError } from '../../errors/wharf-error.ts';
import { newId } from '../../security/secrets.ts';
import { CREDIT_PROBLEM_TEXT, checkCreditCode } from './credit-code.ts';
import { checkIdNumber, ID_PROBLEM_TEXT, normaliseIdNumber } from './id-number.ts';
import type { IdentityStore, SubjectRow } from './identity.store.ts';
import type { SubjectType } from './identity.tables.ts';
import type { IdentityVerifier } from './verifier.ts';

export interface Subject {
  id: string;
  type: SubjectType;
  name: string;
  /** Masked in every answer but the admin's: only the first and last characters show. */
  idNumber: string;
  status: SubjectRow['status'];
  reason: string | null;
  createdAt: number;
}

export function identityService(
  store: IdentityStore,
  verifier: IdentityVerifier,
  clock: () => number = Date.now,
) {
  async function decide(
    subject: SubjectRow,
    status: 'verified' | 'rejected',
    by: string,
    reason: string | null,
  ) {
    if (status === 'verified' && subject.type === 'individual') {
      const holder = await store.findVerifiedByNumber(subject.id_number);
      if (holder && holder.id !== subject.id && holder.name !== subject.name) {
        throw new WharfError('id_number_taken', {}, 'idNumber');
      }
    }
    await store.decide(subject.id, status, by, reason, clock());
  }

  return {
    async submit(
      userId: string,
      input: { type: SubjectType; name: string; idNumber: string },
    ): Promise<Subject> {
      const name = input.name.trim();
      if (!name) throw new WharfError('validation_failed', { field: 'name', reason: 'required' });
      const idNumber = normaliseIdNumber(input.idNumber);
      if (input.type === 'individual') {
        const check = checkIdNumber(idNumber, new Date(clock()));
        if (!check.ok && check.problem) {
          throw new WharfError(
            'id_number_invalid',
            { reason: ID_PROBLEM_TEXT[check.problem].en },
            'idNumber',
          );
        }
        const holder = await store.findVerifiedByNumber(idNumber);
        if (holder && holder.name !== name) throw new WharfError('id_number_taken', {}, 'idNumber');
      } else {
        const check = checkCreditCode(idNumber);
        if (!check.ok && check.problem) {
          throw new WharfError(
            'credit_code_invalid',
            { reason: CREDIT_PROBLEM_TEXT[check.problem].en },
            'idNumber',
          );
        }
      }
      const row: SubjectRow = {
        id: newId('sbj'),
        user_id: userId,
        type: input.type,
        name,
        id_number: idNumber,
        status: 'pending',
        decided_by: null,
        reason: null,
        created_at: clock(),
        decided_at: null,
      };
      await store.insert(row);
      const result = await verifier.verify({ type: row.type, name, idNumber });
      if (result.decision !== 'pending') {
        await decide(
          row,
          result.decision,
          verifier.name,
          result.decision === 'rejected' ? result.reason : null,
        );
      }
      return present((await store.findById(row.id)) ?? row);
    },

    async listMine(userId: string): Promise<Subject[]> {
      return (await store.listByUser(userId)).map(present);
    },

    async listByStatus(
      status: SubjectRow['status'],
    ): Promise<Array<Subject & { userId: string; fullIdNumber: string }>> {
      return (await store.listByStatus(status)).map((row) => ({
        ...present(row),
        userId: row.user_id,
        fullIdNumber: row.id_number,
      }));
    },

    /** An admin's decision on a pending subject (organisations, or individuals a provider left pending). */
    async review(subjectId: string, approve: boolean, reason: string | undefined): Promise<Subject> {
      const subject = await store.findById(subjectId);
      if (!subject) throw new WharfError('not_found', { what: 'subject' });
      if (subject.status !== 'pending')
        throw new WharfError('subject_already_decided', { status: subject.status });
      await decide(
        subject,
        approve ? 'verified' : 'rejected',
        'manual',
        approve ? null : (reason ?? 'rejected'),
      );
      return present((await store.findById(subjectId)) ?? subject);
    },

    /** The subject, if it belongs to the user; "not found" otherwise, so ids don't leak. */
    async ownedBy(userId: string, subjectId: string): Promise<SubjectRow> {
      const subject = await store.findById(subjectId);
      if (!subject || subject.user_id !== userId) throw new WharfError('not_found', { what: 'subject' });
      return subject;
    },
  };
}

export function maskNumber(value: string): string {
  return value.length <= 2
    ? '*'.repeat(value.length)
    : `${value[0]}${'*'.repeat(value.length - 2)}${value.at(-1)}`;
}

function present(row: SubjectRow): Subject {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    idNumber: maskNumber(row.id_number),
    status: row.status,
    reason: row.reason,
    createdAt: row.created_at,
  };
}

export type IdentityService = ReturnType<typeof identityService>;
