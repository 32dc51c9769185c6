import { catalogue, type ErrorCode } from './catalogue.ts';

export type ErrorParams = Record<string, string | number>;

/** A refusal with a stable code. Services throw these; each HTTP face maps them once. */
export class WharfError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly field: string | undefined;

  constructor(code: ErrorCode, params: ErrorParams = {}, field?: string) {
    super(fill(catalogue[code].en, params));
    this.name = 'WharfError';
    this.code = code;
    this.params = params;
    this.field = field ?? (typeof params.field === 'string' ? params.field : undefined);
  }

  get status(): number {
    return catalogue[this.code].status;
  }

  get errcode(): number {
    return catalogue[this.code].errcode;
  }

  get messageZh(): string {
    return fill(catalogue[this.code].zh, this.params);
  }
}

export function fill(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

export const refuse = (code: ErrorCode, params?: ErrorParams, field?: string): never => {
  throw new WharfError(code, params, field);
};
