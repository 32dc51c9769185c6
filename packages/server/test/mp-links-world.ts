import { person } from './code-world.ts';
import type { TestServer } from './harness.ts';
import { idNumber, verifiedIndividual } from './world.ts';

let serial = 300;

/** An official account of another developer asking to link `appid`. */
export async function accountAsking(server: TestServer, appid: string, name: string) {
  serial += 1;
  const admin = await person(server);
  const subject = await verifiedIndividual(admin.client, idNumber(serial, '19880808'), '王五');
  const created = await admin.client.post('/api/v1/official-accounts', {
    subjectId: subject.id,
    name,
    type: 'subscription',
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const account = created.body.account as { id: string; appid: string };
  const asked = await admin.client.post(`/api/v1/official-accounts/${account.id}/links`, { appid });
  if (asked.status !== 201) throw new Error(JSON.stringify(asked.body));
  return account;
}
