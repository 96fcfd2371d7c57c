// The load generator of the http.* figures, in a process of its own so that it does not share the
// server's event loop: `node --import tsx bench/autocannon-child.ts '<json plan>'`. Runs each run of the
// plan in turn with autocannon and prints one JSON line of results on stdout.

// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';

interface Run {
  readonly name: string;
  readonly path: string;
  readonly method: 'POST' | 'GET';
  /** a fixed body, or a template whose "__N__" is replaced by a request counter */
  readonly body: string;
  /** when set, "__LINE__" in path/body takes the next of these ids */
  readonly lineIds?: readonly number[];
}

interface Plan {
  readonly url: string;
  readonly token: string;
  readonly seconds: number;
  readonly connections: number;
  readonly runs: readonly Run[];
}

interface Outcome {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly latencyP50: number;
}

const plan = JSON.parse(process.argv[2] ?? '{}') as Plan;
let counter = 0;

function once(run: Run): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const setupRequest = (req: Record<string, unknown>) => {
      const n = ++counter;
      const line = run.lineIds ? String(run.lineIds[n % run.lineIds.length]) : '';
      req.body = run.body.replace(/__N__/g, `${process.pid}-${n}`).replace(/__LINE__/g, line);
      req.path = run.path.replace(/__LINE__/g, line);
      return req;
    };
    autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: plan.seconds,
        requests: [{ method: run.method, path: run.path, headers: { 'content-type': 'application/json', authorization: `Bearer ${plan.token}` }, setupRequest }],
      },
      (err: Error | null, r: { requests: { average: number; total: number }; non2xx: number; errors: number; latency: { p50: number }; duration: number }) => {
        if (err) return reject(err);
        resolve({ name: run.name, requestsPerSecond: r.requests.total / r.duration, total: r.requests.total, non2xx: r.non2xx, errors: r.errors, latencyP50: r.latency.p50 });
      },
    );
  });
}

const out: Outcome[] = [];
for (const run of plan.runs) out.push(await once(run));
process.stdout.write(`${JSON.stringify(out)}\n`);
