import { Type } from 'typebox';

/** Shared pieces of the native API's schemas. */
export const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 });
export const Password = Type.String({ minLength: 8, maxLength: 128 });
export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
/** Category ids are 32-bit integer columns; a larger number is refused at the edge, not by the database. */
export const CategoryIdInt = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const Ok = Type.Object({ ok: Type.Literal(true) });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    messageZh: Type.String(),
    field: Type.Optional(Type.String()),
  }),
});
