import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { randomHex } from '../src/security/secrets.ts';
import { freshDatabase } from './harness.ts';

const bin = resolve(import.meta.dirname, '../../cli/bin/wharf.js');
const run = promisify(execFile);

export interface Node {
  name: string;
  url: string;
  /** The node's runtime listener (frames and package files), printed by `wharf start`. */
  runtimeUrl: string;
  /** Everything the process printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

export interface Cluster {
  databaseUrl: string;
  secretKey: string;
  env: Record<string, string>;
  nodes: Node[];
  /** Runs `wharf <args>` as an operator would on a node of this cluster. */
  cli(args: string[], extraEnv?: Record<string, string>): Promise<{ stdout: string; stderr: string }>;
  /** Starts one more node; resolves with it once it listens, rejects with its output if it exits. */
  start(name: string, extraEnv?: Record<string, string>): Promise<Node>;
  stop(): Promise<void>;
}

/**
 * Wharf processes (`wharf start`, the real command) on one throwaway PostgreSQL database, each
 * with its own empty data folder and port, sharing only what the README says nodes share.
 */
export async function startCluster(count: number, shared: Record<string, string> = {}): Promise<Cluster> {
  const { location } = await freshDatabase('postgres');
  const secretKey = randomHex(32);
  const env = {
    WHARF_DATABASE_URL: location,
    DATABASE_URL: location,
    WHARF_SECRET_KEY: secretKey,
    WHARF_HOST: '127.0.0.1',
    WHARF_PORT: '0',
    WHARF_LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...shared,
  };
  const processEnv = (extra: Record<string, string>) => {
    const base: NodeJS.ProcessEnv = { ...process.env, WHARF_PUBLIC_URL: '', WHARF_BLOB_URL: '' };
    return { ...base, ...env, WHARF_DATA: mkdtempSync(join(tmpdir(), 'wharf-node-')), ...extra };
  };
  const cluster: Cluster = {
    databaseUrl: location,
    secretKey,
    env,
    nodes: [],
    cli: (args, extra = {}) => run(process.execPath, [bin, ...args], { env: processEnv(extra) }),
    async start(name, extra = {}) {
      const child = spawn(process.execPath, [bin, 'start'], { env: processEnv(extra) });
      const node = await listening(name, child);
      cluster.nodes.push(node);
      return node;
    },
    async stop() {
      await Promise.all(cluster.nodes.map((node) => node.stop()));
    },
  };
  // One at a time: the first start migrates the empty database and records the key.
  for (let i = 0; i < count; i++) await cluster.start(String.fromCharCode(65 + i));
  return cluster;
}

function listening(name: string, child: ChildProcess): Promise<Node> {
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start:\n${output}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const url = /WeChat-compatible API base[^\n]*?(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      const runtimeUrl = /Mini program runtime origin[^\n]*?(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      if (url && runtimeUrl) {
        clearTimeout(timer);
        resolve({
          name,
          url,
          runtimeUrl,
          output: () => output,
          async stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += String(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`node ${name} exited with ${code}:\n${output}`), { code, output }));
    });
  });
}
