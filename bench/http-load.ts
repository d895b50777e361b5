/**
 * The load generator of the HTTP benchmarks, in a process of its own: autocannon in the twin's
 * process would share its event loop and its core, and the HTTP rate would measure autocannon too.
 *
 *   tsx bench/http-load.ts '<LoadRequest as JSON>'   prints autocannon's result as JSON
 *
 * With `progressEvery`, it also prints `{"answered":n}` lines as the answers come in; the result
 * is the last line.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  /** How long to send for; or `amount`, how many requests to send in all. */
  seconds?: number;
  amount?: number;
  /** Report the number of answers every this many. */
  progressEvery?: number;
  connections: number;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  /** A fresh `Idempotency-Key` on every request. */
  idempotencyKeys?: boolean;
}

export type LoadResult = Pick<autocannon.Result, 'non2xx' | 'errors' | 'timeouts' | 'latency'> & {
  '2xx': number;
  /** CPU time the load generator itself used during the run, in ms. */
  cpuMs: number;
};

function run(request: LoadRequest): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: request.url,
        ...(request.amount ? { amount: request.amount } : { duration: request.seconds }),
        connections: request.connections,
        method: request.method,
        headers: request.headers,
        body: request.body,
        requests: request.idempotencyKeys ? [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }] : undefined,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    const every = request.progressEvery;
    let answered = 0;
    if (every) {
      instance.on('response', () => {
        if (++answered % every === 0) process.stdout.write(`${JSON.stringify({ answered })}\n`);
      });
    }
  });
}

/** Runs autocannon in a child process and resolves with its result; `onProgress` hears the answers counted so far. */
export function loadInChild(request: LoadRequest, onProgress?: (answered: number) => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      // Every complete line but the result is a progress report.
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) if (line) onProgress?.((JSON.parse(line) as { answered: number }).answered);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch (error) {
        reject(new Error(`the load generator printed no result: ${out.slice(0, 200)}`, { cause: error }));
      }
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = process.cpuUsage();
  const result = await run(JSON.parse(process.argv[2]!) as LoadRequest);
  const cpu = process.cpuUsage(before);
  const { non2xx, errors, timeouts, latency } = result;
  process.stdout.write(JSON.stringify({ '2xx': result['2xx'], non2xx, errors, timeouts, latency, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies LoadResult));
}
