import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Addresses a verification fetch may not reach unless the operator allows private addresses. */
const privateRanges = (() => {
  const list = new BlockList();
  for (const [net, bits] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(net, bits, 'ipv4');
  }
  for (const [net, bits] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(net, bits, 'ipv6');
  }
  return list;
})();

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateRanges.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class VerificationFailed extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'VerificationFailed';
  }
}

const MAX_BODY = 64 * 1024;
const TIMEOUT_MS = 5_000;

/**
 * A socket `lookup` that refuses names resolving to a private address (unless allowed), so the
 * address is checked at connect time: a name cannot resolve to a public address for a check and
 * to a private one for the connection. Shared by every outgoing request to a developer's host.
 */
export function guardedLookup(allowPrivate: boolean, refusal: () => Error): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as Array<{ address: string; family: number }>;
      const bad = list.find((a) => !allowPrivate && isPrivateAddress(a.address));
      if (bad || list.length === 0) return callback(refusal(), '', 4);
      if ((options as { all?: boolean }).all)
        return (callback as (e: null, a: typeof list) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * Fetches `url` and checks its body is `expected`. The address is checked at connect time (the
 * lookup the socket uses), so a name cannot resolve to a public address for a check and to a
 * private one for the connection. No redirects are followed: the file must be where WeChat says.
 */
export function fetchVerificationFile(url: URL, expected: string, allowPrivate: boolean): Promise<void> {
  const guarded = guardedLookup(
    allowPrivate,
    () => new VerificationFailed('the domain resolves to a private address', '域名解析到内网地址'),
  );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !allowPrivate && isPrivateAddress(host)) {
    return Promise.reject(new VerificationFailed('the domain is a private address', '域名是内网地址'));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      { lookup: guarded, timeout: TIMEOUT_MS, headers: { accept: 'text/plain' } },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(
            new VerificationFailed(
              `${url.pathname} answered HTTP ${response.statusCode}`,
              `${url.pathname} 返回 HTTP ${response.statusCode}`,
            ),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            request.destroy();
            reject(new VerificationFailed('the file is too large', '校验文件过大'));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (Buffer.concat(chunks).toString('utf8').trim() === expected) resolve();
          else reject(new VerificationFailed('the file content does not match', '校验文件内容不一致'));
        });
        response.on('error', (error) => reject(new VerificationFailed(error.message, error.message)));
      },
    );
    request.on('timeout', () =>
      request.destroy(new VerificationFailed('the domain did not answer in time', '域名响应超时')),
    );
    request.on('error', (error) =>
      reject(
        error instanceof VerificationFailed
          ? error
          : new VerificationFailed(`fetch failed: ${error.message}`, `获取失败：${error.message}`),
      ),
    );
  });
}
