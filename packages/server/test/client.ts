/** A small HTTP client for tests: JSON in and out, with a session like a browser's or a script's. */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

export class ApiClient {
  private cookie = '';
  private csrf = '';
  constructor(
    readonly base: string,
    private bearer = '',
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse<T>> {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: response.status, body: parsed as T };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = any>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  put = <T = any>(path: string, body: unknown) => this.request<T>('PUT', path, body);
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  /** Signs in and keeps the cookie and CSRF token, as the console does. */
  async signIn(email: string, password: string): Promise<this> {
    const response = await this.post('/api/v1/auth/signin', { email, password });
    if (response.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(response.body)}`);
    this.csrf = response.body.csrfToken;
    return this;
  }

  /** Signs an end user in to the client app (its own cookie) and keeps the CSRF token. */
  async signInEndUser(username: string, password: string): Promise<this> {
    const response = await this.post('/api/v1/client/signin', { username, password });
    if (response.status !== 200) throw new Error(`client sign-in failed: ${JSON.stringify(response.body)}`);
    this.csrf = response.body.csrfToken;
    return this;
  }

  withoutCsrf(): ApiClient {
    const copy = new ApiClient(this.base, this.bearer);
    copy.cookie = this.cookie;
    return copy;
  }
}
