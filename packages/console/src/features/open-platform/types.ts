import type { paths } from '../../lib/api';

/** An open-platform account as the native API answers it. */
export type OpenAccount =
  paths['/api/v1/open-accounts/{openAppid}']['get']['responses'][200]['content']['application/json'];
export type Bound = OpenAccount['bound'][number];
/** A mini program or official account the developer could bind. */
export type Candidate = { appid: string; name: string; kind: 'miniprogram' | 'official_account' };
