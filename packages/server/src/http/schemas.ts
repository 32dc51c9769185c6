import { Type } from 'typebox';

/** Shared pieces of the native API's schemas. */
export const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 });
export const Password = Type.String({ minLength: 8, maxLength: 128 });
export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const Ok = Type.Object({ ok: Type.Literal(true) });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    messageZh: Type.String(),
    field: Type.Optional(Type.String()),
  }),
});
