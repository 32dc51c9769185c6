import { creditCheckCharacter } from '../src/features/identity/credit-code.ts';
import { idCheckCharacter } from '../src/features/identity/id-number.ts';
import { ApiClient } from './client.ts';

/** A valid ID number for a birth date and a serial (the check character computed). */
export function idNumber(serial: number, birth = '19900101'): string {
  const first17 = `110105${birth}${String(serial).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export function creditCode(serial: number): string {
  const first17 = `91110105MA01${String(serial).padStart(4, '0')}A`;
  return first17 + creditCheckCharacter(first17);
}

let counter = 0;

/** Signs up and signs in a new developer through the native API. */
export async function newDeveloper(base: string, label = 'dev'): Promise<ApiClient> {
  counter += 1;
  const email = `${label}${counter}-${Date.now()}@example.com`;
  const client = new ApiClient(base);
  const signup = await client.post('/api/v1/auth/signup', { email, password: 'password-123' });
  if (signup.status !== 201) throw new Error(JSON.stringify(signup.body));
  return client.signIn(email, 'password-123');
}

export async function verifiedIndividual(client: ApiClient, id: string, name = '张三') {
  const response = await client.post('/api/v1/subjects', { type: 'individual', name, idNumber: id });
  if (response.status !== 201 || response.body.status !== 'verified')
    throw new Error(JSON.stringify(response.body));
  return response.body as { id: string; status: string };
}

/** A pair of categories open to individuals (工具 / 天气 in the seed). */
export async function individualCategory(client: ApiClient) {
  const tree = (await client.get('/api/v1/categories')).body as Array<{
    id: number;
    name: string;
    children: Array<{ id: number; name: string }>;
  }>;
  const tools = tree.find((c) => c.name === '工具')!;
  return { firstId: tools.id, secondId: tools.children[0]!.id };
}

export const PNG_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Registers a mini program and completes its details; returns its view and its AppSecret. */
export async function registeredApp(client: ApiClient, subjectId: string, name: string) {
  const created = await client.post('/api/v1/miniprograms', { subjectId });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const details = await client.patch(`/api/v1/miniprograms/${created.body.id}`, {
    name,
    intro: '一个测试用的小程序',
    icon: PNG_ICON,
    categories: [await individualCategory(client)],
  });
  if (details.status !== 200) throw new Error(JSON.stringify(details.body));
  return {
    app: details.body.app as { id: string; appid: string; originalId: string },
    secret: details.body.secret as string,
  };
}

/** Signs in the platform's first admin (made through the service, as the CLI does). */
export async function adminClient(
  base: string,
  signUp: (email: string) => Promise<unknown>,
): Promise<ApiClient> {
  counter += 1;
  const email = `admin${counter}-${Date.now()}@example.com`;
  await signUp(email);
  return new ApiClient(base).signIn(email, 'password-123');
}
