// Turns the raw reports of bench/run.sh (one JSON per target, scenario and repetition) into bench/RESULTS.md:
// medians of the repetitions, ratios helpchat : each peer measured in the same run, and the targets of the issue.
//   node bench/report.mjs --dir DIR --out RESULTS.md --command "..." --machine "..." --git "..." --reps N
//   node bench/report.mjs --dir DIR --summary 1      (run.sh --quick: one line per run, exit 1 on any problem)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);

const runs = {};  // runs[scenario][target] = [report, ...]
for (const name of readdirSync(args.dir).filter((f) => /^\w+\.\w+\.\d+\.json$/.test(f)).sort()) {
  let report;
  try {
    report = JSON.parse(readFileSync(join(args.dir, name), 'utf8').trim().split('\n').pop());
  } catch (e) {
    const [target, scenario] = name.split('.');
    report = { target, scenario, ok: false, problems: [`unreadable report: ${e.message}`] };
  }
  ((runs[report.scenario] ??= {})[report.target] ??= []).push(report);
}

if (args.summary) {
  // --quick: one line per run; exit status 1 when any run reported a problem.
  let failed = false;
  for (const byTarget of Object.values(runs)) {
    for (const list of Object.values(byTarget)) {
      for (const r of list) {
        failed ||= !r.ok;
        console.log(`${r.target}  ${r.scenario}  ${r.ok ? 'ok' : `FAILED: ${(r.problems ?? []).join('; ')}`}`);
      }
    }
  }
  process.exit(failed ? 1 : 0);
}

const get = (object, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), object);
const median = (values) => {
  const v = values.map((x) => (typeof x === 'boolean' ? Number(x) : x))
    .filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const med = (scenario, target, path) => median((runs[scenario]?.[target] ?? []).map((r) => get(r, path)));
const fmt = (value, digits = 1) => {
  if (value === undefined) return '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
};
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);
const peers = ['ws', 'beast'];
const targetNames = { helpchat: 'helpchat', ws: 'Node ws', beast: 'Beast chat-multi' };
const present = (scenario) => ['helpchat', ...peers].filter((t) => runs[scenario]?.[t]);

const out = [];
const line = (s = '') => out.push(s);

line('# Benchmark results');
line();
line('Written by `bench/run.sh` (see bench/README.md for what each scenario measures). Every figure is the **median**');
line(`of ${args.reps} repetition(s), each against a fresh server process; the peers ran in the same run, on the same`);
line('machine, driven by the same generator with the same timestamp scheme.');
line();
line(`- Command: \`${args.command}\``);
line(`- Machine: ${args.machine}`);
line(`- Source: ${args.git}`);
line(`- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`);
if (args.skipped && args.skipped.trim()) line(`- Skipped targets: ${args.skipped.trim()}`);
line('- CPU: `server cpu %` is of one core (200 % = both cores); `gen cpu %` is the load generator, of one core;');
line('  `box cpu %` is the whole machine (100 % = every core busy), which also shows whatever else was running.');
line();

// ---- targets -------------------------------------------------------------------------------------------------
const verdict = (ok) => (ok === undefined ? '–' : ok ? 'met' : '**not met**');
const targets = [];
{
  const rss = med('idle', 'helpchat', 'idle.rss_per_connection_bytes');
  targets.push(['(a) ≤ 2 KB RSS per idle joined connection', `${fmt(rss)} B`, verdict(rss === undefined ? undefined : rss <= 2048)]);
  const lost = med('realistic', 'helpchat', 'traffic.lost');
  const p99 = med('realistic', 'helpchat', 'traffic.latency.p99_ms');
  const p99ws = med('realistic', 'ws', 'traffic.latency.p99_ms');
  const cpu = med('realistic', 'helpchat', 'traffic.usage.server_cpu_us_per_delivery');
  const cpuws = med('realistic', 'ws', 'traffic.usage.server_cpu_us_per_delivery');
  targets.push(['(b) 0 lost', fmt(lost), verdict(lost === undefined ? undefined : lost === 0)]);
  targets.push(['(b) p99 ≤ Node\'s p99', `${fmt(p99, 2)} ms vs ${fmt(p99ws, 2)} ms`, verdict(p99 === undefined || p99ws === undefined ? undefined : p99 <= p99ws)]);
  targets.push(['(b) server CPU per delivery ≤ 0.8 × Node\'s', `${fmt(cpu, 3)} µs vs ${fmt(cpuws, 3)} µs (${ratio(cpu, cpuws)})`,
    verdict(cpu === undefined || cpuws === undefined ? undefined : cpu <= 0.8 * cpuws)]);
  const plost = med('peak', 'helpchat', 'traffic.lost');
  const pp99 = med('peak', 'helpchat', 'traffic.latency.p99_ms');
  const prate = med('peak', 'helpchat', 'traffic.deliveries_per_s');
  targets.push(['(c) 0 lost, p99 ≤ 150 ms at 200 k deliveries/s', `lost ${fmt(plost)}, p99 ${fmt(pp99, 2)} ms at ${fmt(prate)}/s`,
    verdict(plost === undefined ? undefined : plost === 0 && pp99 <= 150 && prate >= 190000)]);
  const lad = med('ladder', 'helpchat', 'ladder.max_sustained_deliveries_per_s');
  const ladws = med('ladder', 'ws', 'ladder.max_sustained_deliveries_per_s');
  targets.push(['(d) ≥ 1,000,000 deliveries/s at 1,000 clients', `${fmt(lad)}/s`, verdict(lad === undefined ? undefined : lad >= 1e6)]);
  targets.push(['(d) ≥ 10 × Node', ratio(lad, ladws), verdict(lad === undefined || !ladws ? undefined : lad >= 10 * ladws)]);
  const js = med('joinstorm', 'helpchat', 'joinstorm.seconds');
  const jf = med('joinstorm', 'helpchat', 'joinstorm.failed');
  targets.push(['(e) 5,000 joins in ≤ 3 s, 0 failures', `${fmt(js, 2)} s, ${fmt(jf)} failed`, verdict(js === undefined ? undefined : js <= 3 && jf === 0)]);
  const c1013 = med('overload', 'helpchat', 'traffic.overload.closed_1013');
  const slow = med('overload', 'helpchat', 'traffic.overload.slow_clients');
  const op99 = med('overload', 'helpchat', 'traffic.overload.latency_normal.p99_ms');
  const olost = med('overload', 'helpchat', 'traffic.overload.lost_slow_after_resume');
  const rejoined = med('overload', 'helpchat', 'traffic.overload.rejoined');
  targets.push(['(f) slow quarter closed with 1013', `${fmt(c1013)} closes for ${fmt(slow)} slow clients`, verdict(c1013 === undefined ? undefined : c1013 >= slow)]);
  targets.push(['(f) others keep p99 within 1.5 × (b)', `${fmt(op99, 2)} ms vs 1.5 × ${fmt(p99, 2)} ms`, verdict(op99 === undefined || p99 === undefined ? undefined : op99 <= 1.5 * p99)]);
  targets.push(['(f) closed ones resume with no gap', `${fmt(rejoined)} rejoined, ${fmt(olost)} still missing`, verdict(olost === undefined ? undefined : olost === 0 && rejoined >= slow)]);
  const alive = (runs.fdstorm?.helpchat ?? []).map((r) => get(r, 'fdstorm.accept_loop_alive'));
  targets.push(['(g) accept loop never dies', alive.length ? alive.map(fmt).join(', ') : '–', verdict(alive.length ? alive.every((a) => a) : undefined)]);
}
line('## Targets (helpchat)');
line();
line('| target | measured | |');
line('|---|---|---|');
for (const [what, value, v] of targets) line(`| ${what} | ${value} | ${v} |`);
line();

// ---- per scenario --------------------------------------------------------------------------------------------
function table(scenario, title, columns) {
  const ts = present(scenario);
  if (ts.length === 0) return;
  line(`## ${title}`);
  line();
  const others = ts.filter((t) => t !== 'helpchat');
  const cells = (list) => `| ${list.join(' | ')} |`;
  line(cells(['', ...ts.map((t) => targetNames[t]), ...others.map((t) => `helpchat : ${targetNames[t]}`)]));
  line(cells(['---', ...ts.map(() => '---:'), ...others.map(() => '---:')]));
  for (const [label, path, compare, digits] of columns) {
    const values = ts.map((t) => med(scenario, t, path));
    const ratios = others.map((t) => (compare && ts[0] === 'helpchat' ? ratio(values[0], med(scenario, t, path)) : ''));
    line(cells([label, ...values.map((v) => fmt(v, digits ?? 1)), ...ratios]));
  }
  line();
  const setup = runs[scenario].helpchat?.[0] ?? Object.values(runs[scenario])[0][0];
  const keys = ['clients', 'waiting', 'ask_rate', 'publishers', 'rate', 'duration', 'payload_bytes', 'publish', 'step_seconds',
    'p99_limit_ms'];
  line(`Setup: ${keys.filter((k) => setup[k] !== undefined).map((k) => `${k} ${setup[k]}`).join(', ')}.`);
  const busy = ts.map((t) => `${targetNames[t]} ${runs[scenario][t].map((r) => r.box_busy_pct_before ?? '–').join(', ')}`);
  line(`Box busy in the 3 s before each run (%, other work on the shared machine): ${busy.join('; ')}.`);
  if (runs[scenario].helpchat?.some((r) => r.commits)) {
    const c = (path) => med(scenario, 'helpchat', `commits.${path}`);
    line(`helpchat's transcript over the whole run (every event committed before it is sent; WAL, synchronous=FULL): ` +
      `${fmt(c('count'))} group commits, ${fmt(c('batch_mean'), 2)} writes per commit on average (p99 ≤ ` +
      `${fmt(c('batch_p99'))}), commit latency p50 ≤ ${fmt(c('latency_p50_ms'), 2)} ms, p99 ≤ ${fmt(c('latency_p99_ms'), 2)} ms ` +
      `(histogram bucket bounds), slowest commit ${fmt(c('latency_max_ms'), 1)} ms; ${fmt(c('checkpoints'))} WAL ` +
      'checkpoints off the commit path (medians of the runs).');
  }
  line();
}

table('idle', '(a) idle: joined connections held', [
  ['joined', 'idle.joined', false],
  ['RSS per connection (B)', 'idle.rss_per_connection_bytes', true],
  ['server RSS held (MB)', 'idle.server_rss_held_mb', true],
  ['join time for all (s)', 'idle.join_seconds', true, 2],
  ['still connected at the end', 'idle.still_connected', false],
]);
const trafficColumns = [
  ['deliveries/s', 'traffic.deliveries_per_s', true],
  ['lost', 'traffic.lost', false],
  ['p50 (ms)', 'traffic.latency.p50_ms', true, 2],
  ['p99 (ms)', 'traffic.latency.p99_ms', true, 2],
  ['max (ms)', 'traffic.latency.max_ms', true, 2],
  ['server cpu %', 'traffic.usage.server_cpu_pct', true],
  ['server cpu µs / delivery', 'traffic.usage.server_cpu_us_per_delivery', true, 3],
  ['server RSS peak (MB)', 'traffic.server_rss_peak_mb', true],
  ['gen cpu %', 'traffic.usage.generator_cpu_pct', false],
  ['box cpu %', 'traffic.usage.box_cpu_pct', false],
];
table('realistic', '(b) realistic', trafficColumns);
table('peak', '(c) peak', trafficColumns);
table('ladder', '(d) ladder', [
  ['max sustained deliveries/s', 'ladder.max_sustained_deliveries_per_s', true],
  ['at messages/s', 'ladder.max_sustained_rate', true],
]);
if (runs.ladder) {
  for (const t of present('ladder')) {
    const list = runs.ladder[t];
    const m = med('ladder', t, 'ladder.max_sustained_deliveries_per_s');
    const run = list.find((r) => get(r, 'ladder.max_sustained_deliveries_per_s') === m) ?? list[0];
    line(`${targetNames[t]}, steps of the median run (stopped: ${get(run, 'ladder.stopped_because') ?? run.problems?.join('; ')}):`);
    line();
    line('| msgs/s | deliveries/s | lost | p50 ms | p99 ms | max ms | server cpu % | µs / delivery | gen cpu % | box cpu % |');
    line('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of get(run, 'ladder.steps') ?? []) {
      line(`| ${fmt(s.rate)} | ${fmt(s.deliveries_per_s)} | ${fmt(s.lost)} | ${fmt(s.latency.p50_ms, 2)} | ${fmt(s.latency.p99_ms, 2)} | ` +
        `${fmt(s.latency.max_ms, 2)} | ${fmt(s.usage.server_cpu_pct)} | ${fmt(s.usage.server_cpu_us_per_delivery, 3)} | ` +
        `${fmt(s.usage.generator_cpu_pct)} | ${fmt(s.usage.box_cpu_pct)} |`);
    }
    line();
  }
}
table('joinstorm', '(e) join storm', [
  ['joined', 'joinstorm.joined', false],
  ['failed', 'joinstorm.failed', false],
  ['seconds for all', 'joinstorm.seconds', true, 2],
  ['connect → joined p50 (ms)', 'joinstorm.connect_to_synced.p50_ms', true, 1],
  ['connect → joined p99 (ms)', 'joinstorm.connect_to_synced.p99_ms', true, 1],
  ['server cpu %', 'joinstorm.usage.server_cpu_pct', false],
]);
table('overload', '(f) overload: a quarter stops reading', [
  ['deliveries/s', 'traffic.deliveries_per_s', true],
  ['readers: lost', 'traffic.overload.lost_normal', false],
  ['readers: p99 (ms)', 'traffic.overload.latency_normal.p99_ms', true, 2],
  ['slow clients', 'traffic.overload.slow_clients', false],
  ['closed with 1013', 'traffic.overload.closed_1013', false],
  ['rejoined (token + since)', 'traffic.overload.rejoined', false],
  ['slow: still missing at the end', 'traffic.overload.lost_slow_after_resume', false],
  ['server RSS before (MB)', 'traffic.server_rss_before_receivers_mb', false],
  ['server RSS peak (MB)', 'traffic.server_rss_peak_mb', true],
  ['server cpu %', 'traffic.usage.server_cpu_pct', false],
]);
table('fdstorm', '(g) more connections than file descriptors', [
  ['storm clients', 'fdstorm.storm_clients', false],
  ['storm: joined', 'fdstorm.storm_joined', false],
  ['after: joined of', 'fdstorm.after_clients', false],
  ['after: joined', 'fdstorm.after_joined', false],
  ['accept loop alive (1 = yes)', 'fdstorm.accept_loop_alive', false],
]);

table('waiting', 'waiting: 5,000 officials, 500 questions waiting, answers at (c)\'s rate', [
  ['asks: deliveries/s', 'asks.deliveries_per_s', true],
  ['asks: p99 (ms)', 'asks.latency.p99_ms', true, 2],
  ['asks: all delivered after (s)', 'asks.drained_seconds', true, 1],
  ['asks: server cpu µs / delivery', 'asks.usage.server_cpu_us_per_delivery', true, 3],
  ...trafficColumns.slice(0, 8),
  ['RSS per connection, joined (B)', 'traffic.rss_per_connection_joined_bytes', true],
  ['RSS per connection, questions waiting (B)', 'traffic.rss_per_connection_waiting_bytes', true],
  ...trafficColumns.slice(8),
]);

// ---- problems ------------------------------------------------------------------------------------------------
line('## Problems reported by the generator');
line();
let any = false;
for (const [scenario, byTarget] of Object.entries(runs)) {
  for (const [target, list] of Object.entries(byTarget)) {
    list.forEach((r, i) => {
      if (r.problems?.length) {
        any = true;
        line(`- ${target} ${scenario} #${i + 1}: ${r.problems.join('; ')}${r.first_error ? ` (first error: \`${r.first_error.slice(0, 200)}\`)` : ''}`);
      }
    });
  }
}
if (!any) line('None.');
line();
writeFileSync(args.out, out.join('\n'));
