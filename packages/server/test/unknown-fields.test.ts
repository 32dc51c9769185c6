import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { mobileApp, openWorld } from './open-world.ts';
import { adminClient } from './world.ts';

/** The fields an attacker adds to a body to reach state a route does not mean to expose. */
const SMUGGLED = { role: 'admin', id: 'usr_smuggled', subjectId: 'sub_smuggled', status: 1, ownerId: 'x' };

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  additionalProperties?: unknown;
};

const SAMPLES_BY_PATTERN: Record<string, string> = {
  '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$': 'probe@example.com',
  '^https://[A-Za-z0-9.-]+(:\\d+)?$': 'https://example.com',
  '^wx[0-9a-f]{16}$': 'wx0000000000000000',
  '^[A-Za-z0-9_.-]{3,32}$': 'probe_user',
  '^[A-Za-z0-9]{3,32}$': 'probeToken1',
  '^chat_[A-Za-z0-9_-]{1,40}$': 'chat_probe',
  '^https?://': 'https://example.com/probe.png',
  '^gh_[0-9a-f]{12}$': 'gh_000000000000',
  '^[A-Za-z0-9_-]{1,64}$': 'probe_id',
};

/** A value that satisfies a schema, so the only fault of the request is the smuggled fields. */
function sample(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice?.[0]) return sample(choice[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key] ?? {});
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string': {
      if (schema.pattern) {
        const known = SAMPLES_BY_PATTERN[schema.pattern];
        if (!known) throw new Error(`no sample for pattern ${schema.pattern}: add one`);
        return known;
      }
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    default:
      return 'x';
  }
}

interface Operation {
  method: string;
  path: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}

function operations(doc: { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> }) {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods))
      out.push({ ...op, method: method.toUpperCase(), path });
  }
  return out;
}

function concretePath(op: Operation): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const param = op.parameters?.find((p) => p.in === 'path' && p.name === name);
    return encodeURIComponent(String(sample(param?.schema ?? { type: 'string' })));
  });
}

describe.each(dialects)('unknown fields on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let endUser: ApiClient;
  let doc: Parameters<typeof operations>[0];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
    doc = (await new ApiClient(server.url).get('/api/v1/docs/json')).body;
    await server.ctx.endUsers.signUp({ username: 'smuggler', password: 'password-123' });
    endUser = await new ApiClient(server.url).signInEndUser('smuggler', 'password-123');
  });
  afterAll(() => server.close());

  let appCredentials: Record<string, string> | undefined;
  async function appHeaders(): Promise<Record<string, string>> {
    if (appCredentials) return appCredentials;
    const w = await openWorld(server, '夹带');
    const account = await w.developer.post('/api/v1/open-accounts', { subjectId: w.subjectId });
    const made = await mobileApp(w.developer, account.body.openAppid);
    appCredentials = { 'x-wharf-app-id': made.app.appid, 'x-wharf-app-secret': made.secret };
    return appCredentials;
  }

  it('refuses a sign-up that asks for the admin role, and creates no account', async () => {
    const anonymous = new ApiClient(server.url);
    for (const role of ['admin', 'reviewer', 'superuser']) {
      const email = `climber-${role}@example.com`;
      const signup = await anonymous.post('/api/v1/auth/signup', { email, password: 'password-123', role });
      expect(signup.status).toBe(400);
      expect(signup.body.error).toMatchObject({ code: 'validation_failed', field: 'body.role' });
      const signin = await anonymous.post('/api/v1/auth/signin', { email, password: 'password-123' });
      expect(signin.status).toBe(401);
    }
  });

  it('makes every public sign-up a developer, even if a caller reaches the service with a role', async () => {
    const smuggled = { email: 'service-climber@example.com', password: 'password-123', role: 'admin' };
    const user = await server.ctx.accounts.signUp(
      smuggled as Parameters<typeof server.ctx.accounts.signUp>[0],
    );
    expect(user.role).toBe('developer');
  });

  it('declares additionalProperties: false on every request body and query of the OpenAPI document', () => {
    const loose: string[] = [];
    for (const op of operations(doc)) {
      const body = op.requestBody?.content['application/json']?.schema;
      if (body && body.additionalProperties !== false) loose.push(`${op.method} ${op.path}`);
    }
    expect(operations(doc).filter((op) => op.requestBody).length).toBeGreaterThan(10);
    expect(loose).toEqual([]);
  });

  it('refuses smuggled fields on every native write route, naming the field', async () => {
    const writes = operations(doc).filter((op) => op.method !== 'GET' && op.method !== 'HEAD');
    expect(writes.length).toBeGreaterThan(20);
    const accepted: string[] = [];
    for (const op of writes) {
      const json = op.requestBody?.content['application/json']?.schema;
      if (!json && op.requestBody) continue; // the zip upload: its body is a package, not fields
      const valid = json ? (sample(json) as Record<string, unknown>) : {};
      // The client's routes take an end user's session: without one they refuse before reading a body.
      const caller = op.path.startsWith('/api/v1/client/') ? endUser : admin;
      // A mobile app's routes take its credentials as well (app shares act for the app's signed-in user).
      const asApp = (op.security ?? []).some((s) => 'mobileAppId' in s) ? await appHeaders() : {};
      const response = await caller.request(op.method, concretePath(op), { ...valid, ...SMUGGLED }, asApp);
      const error = response.body?.error;
      if (
        response.status !== 400 ||
        error?.code !== 'validation_failed' ||
        !/unknown property/.test(error.message)
      )
        accepted.push(`${op.method} ${op.path} → ${response.status} ${JSON.stringify(response.body)}`);
    }
    expect(accepted).toEqual([]);
  });

  it('refuses an unknown query parameter on a native read', async () => {
    const response = await admin.get('/api/v1/me?role=admin');
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('querystring.role');
  });
});
