import { Type } from 'typebox';

/** Shared pieces of the native API's schemas. */
export const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 });
export const Password = Type.String({ minLength: 8, maxLength: 128 });
export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
/** Category ids are 32-bit integer columns; a larger number is refused at the edge, not by the database. */
export const CategoryIdInt = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const Ok = Type.Object({ ok: Type.Literal(true) });

/** The OpenAPI security of a signed-in route: the console's cookie + CSRF header, or a script's Bearer. */
export const SESSION_SECURITY: Array<Record<string, string[]>> = [
  { sessionCookie: [], csrfHeader: [] },
  { bearer: [] },
];

/** The OpenAPI security of an end user's route (the client app): its own cookie + CSRF header, or Bearer. */
export const CLIENT_SECURITY: Array<Record<string, string[]>> = [
  { clientCookie: [], csrfHeader: [] },
  { bearer: [] },
];

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    messageZh: Type.String(),
    field: Type.Optional(Type.String()),
  }),
});

type JsonSchema = { [key: string]: unknown };

/**
 * Makes every object schema of a request part (body, querystring, params, headers excepted)
 * refuse properties it does not declare, recursively. Applied to every native route as it is
 * registered, so a route cannot forget it and the OpenAPI document says so too. `allOf`
 * members are left alone: each would refuse the others' properties.
 */
export function refuseUnknownProperties(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  const node = schema as JsonSchema;
  if (
    node.type === 'object' &&
    node.additionalProperties === undefined &&
    node.patternProperties === undefined
  ) {
    node.additionalProperties = false;
  }
  const properties = node.properties as Record<string, unknown> | undefined;
  if (properties) for (const child of Object.values(properties)) refuseUnknownProperties(child);
  for (const key of ['items', 'not'] as const) refuseUnknownProperties(node[key]);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) for (const child of list) refuseUnknownProperties(child);
  }
}
