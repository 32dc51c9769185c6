import type { ErrorCode } from '../../errors/catalogue.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { newId } from '../../security/secrets.ts';
import { CREDIT_PROBLEM_TEXT, checkCreditCode } from './credit-code.ts';
import { checkIdNumber, ID_PROBLEM_TEXT, normaliseIdNumber } from './id-number.ts';
import type { IdentityStore, SubjectRow } from './identity.store.ts';
import type { SubjectType } from './identity.tables.ts';
import type { IdentityVerifier } from './verifier.ts';

/** Why a subject waits for an admin although its verifier passed it; kept in the row's `reason`. */
const OTHER_ACCOUNT = 'id_number_needs_review' satisfies ErrorCode;

export interface Subject {
  id: string;
  type: SubjectType;
  name: string;
  /** Masked in every answer but the admin's: only the first and last characters show. */
  idNumber: string;
  status: SubjectRow['status'];
  reason: string | null;
  /** Why a pending subject waits, in both languages (today: its number is verified on another account). */
  notice: { code: ErrorCode; message: string; messageZh: string } | null;
  createdAt: number;
}

export function identityService(
  store: IdentityStore,
  verifier: IdentityVerifier,
  clock: () => number = Date.now,
) {
  /**
   * Records a decision under a lock on every subject with the number. A verifier's pass on a
   * number another account already holds becomes a wait for an admin: WeChat binds one identity
   * to one WeChat account, and the demo's ID numbers are public. An admin's approval (`manual`)
   * is that review.
   */
  function decide(subject: SubjectRow, status: 'verified' | 'rejected', by: string, reason: string | null) {
    return store.transaction(async (tx) => {
      if (status === 'verified' && subject.type === 'individual') {
        await tx.lockNumber(subject.id_number);
        const holders = (await tx.verifiedByNumber(subject.id_number)).filter((h) => h.id !== subject.id);
        if (holders.some((h) => h.name !== subject.name)) {
          throw new WharfError('id_number_taken', {}, 'idNumber');
        }
        if (by !== 'manual' && holders.some((h) => h.user_id !== subject.user_id)) {
          await tx.decide(subject.id, 'pending', null, OTHER_ACCOUNT, clock());
          return;
        }
      }
      await tx.decide(subject.id, status, by, reason, clock());
    });
  }

  async function heldElsewhere(subject: SubjectRow): Promise<string[]> {
    const holders = await store.verifiedByNumber(subject.id_number);
    return [...new Set(holders.map((h) => h.user_id))].filter((id) => id !== subject.user_id);
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
        const holders = await store.verifiedByNumber(idNumber);
        if (holders.some((h) => h.name !== name)) throw new WharfError('id_number_taken', {}, 'idNumber');
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

    /** The admin's queue; a pending individual names the other accounts its number is verified on. */
    async listByStatus(
      status: SubjectRow['status'],
    ): Promise<Array<Subject & { userId: string; fullIdNumber: string; verifiedOnAccounts?: string[] }>> {
      return Promise.all(
        (await store.listByStatus(status)).map(async (row) => ({
          ...present(row),
          userId: row.user_id,
          fullIdNumber: row.id_number,
          ...(row.status === 'pending' && row.type === 'individual'
            ? { verifiedOnAccounts: await heldElsewhere(row) }
            : {}),
        })),
      );
    },

    /**
     * An admin's decision on a pending subject: organisations, individuals a provider left
     * pending, and individuals whose number is verified on another account.
     */
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
    /** A subject by id, for features that need its type (never shown to a caller as is). */
    byId: (subjectId: string): Promise<SubjectRow | undefined> => store.findById(subjectId),

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
  const waiting = row.status === 'pending' && row.reason === OTHER_ACCOUNT;
  const notice = waiting ? new WharfError(OTHER_ACCOUNT) : undefined;
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    idNumber: maskNumber(row.id_number),
    status: row.status,
    reason: notice ? notice.message : row.reason,
    notice: notice ? { code: notice.code, message: notice.message, messageZh: notice.messageZh } : null,
    createdAt: row.created_at,
  };
}

/** Whether a pending subject waits for the review of a number held by another account. */
export function waitsForNumberReview(subject: SubjectRow): boolean {
  return subject.status === 'pending' && subject.reason === OTHER_ACCOUNT;
}

export type IdentityService = ReturnType<typeof identityService>;
