import { randomInt } from 'node:crypto';

const EPOCH_2020 = Date.UTC(2020, 0, 1);

/**
 * A WeChat-style MsgId: a positive number of at most 13 digits (SDKs such as co-wechat-api
 * parse longer numbers into big-number objects), time-ordered by the second, unique in practice
 * within one account (1 in 10,000 at random per second).
 */
export function newMsgId(now: number): string {
  return String(Math.floor((now - EPOCH_2020) / 1000) * 10_000 + randomInt(10_000));
}
