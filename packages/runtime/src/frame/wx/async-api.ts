/**
 * WeChat's asynchronous API convention: `wx.x({ ...args, success, fail, complete })`, or a
 * Promise when no callback is given; results carry `errMsg: 'x:ok'`, failures
 * `errMsg: 'x:fail <reason>'`.
 */
export class ApiFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

type Callbacks = {
  success?: (result: Record<string, unknown>) => void;
  fail?: (result: { errMsg: string }) => void;
  complete?: (result: Record<string, unknown>) => void;
};

export type ApiArgs = Record<string, unknown> & Callbacks;

let reportCallbackError: (error: unknown) => void = (error) => console.error(error);

export function setCallbackErrorReporter(report: (error: unknown) => void): void {
  reportCallbackError = report;
}

function failMessage(name: string, error: unknown): string {
  const message =
    error instanceof ApiFailure ? error.reason : error instanceof Error ? error.message : String(error);
  // The host names a missing service `wx.<name>:fail not supported`, as the frame's own stubs do.
  return message.startsWith(`${name}:fail`) || message.startsWith(`wx.${name}:fail`)
    ? message
    : `${name}:fail ${message}`;
}

/** Calls an app's callback; what it throws goes to the app's error report, never up the caller. */
export function safely(fn: unknown, result: unknown): void {
  if (typeof fn !== 'function') return;
  try {
    (fn as (r: unknown) => void)(result);
  } catch (error) {
    reportCallbackError(error);
  }
}

export function asyncApi<R extends Record<string, unknown> | undefined>(
  name: string,
  // A run that returns nothing gets only `errMsg` in its result.
  // biome-ignore lint/suspicious/noConfusingVoidType: most API bodies are statements that return nothing.
  run: (args: Record<string, unknown>) => Promise<R | void> | R | void,
): (args?: ApiArgs) => Promise<Record<string, unknown>> | undefined {
  return (args: ApiArgs = {}) => {
    const settled = (async () => run(args ?? {}))().then(
      (result) => ({ ...(result ?? {}), errMsg: `${name}:ok` }) as Record<string, unknown>,
      (error: unknown) => {
        throw { errMsg: failMessage(name, error) };
      },
    );
    const { success, fail, complete } = args ?? {};
    if (!success && !fail && !complete) return settled;
    settled.then(
      (result) => {
        safely(success, result);
        safely(complete, result);
      },
      (failure: { errMsg: string }) => {
        safely(fail, failure);
        safely(complete, failure);
      },
    );
    return undefined;
  };
}

/** The form every API Wharf does not implement takes: it exists, and fails loudly. */
export function unsupportedApi(name: string): (args?: ApiArgs) => unknown {
  const errMsg = `wx.${name}:fail not supported`;
  if (name.endsWith('Sync') || /^(on|off|create|get\w*Manager)/.test(name)) {
    return () => {
      throw new Error(errMsg);
    };
  }
  return (args: ApiArgs = {}) => {
    const failure = { errMsg };
    const { fail, complete, success } = args ?? {};
    if (!fail && !complete && !success) return Promise.reject(failure);
    queueMicrotask(() => {
      safely(fail, failure);
      safely(complete, failure);
    });
    return undefined;
  };
}
