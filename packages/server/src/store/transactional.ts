import type { Db } from './database.ts';

export type Transactional<Q> = Q & {
  /** Runs `work` in one transaction, with the same queries bound to it. */
  transaction<T>(work: (tx: Q) => Promise<T>): Promise<T>;
};

/** Gives a feature's queries a `transaction` that hands back the same queries inside it. */
export function transactional<Q>(db: Db, queries: (db: Db) => Q): Transactional<Q> {
  return {
    ...queries(db),
    transaction: (work) => db.transaction().execute((trx) => work(queries(trx))),
  };
}
