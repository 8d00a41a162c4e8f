// Reads helpchat's /metrics and adds the transcript's group-commit figures to a generator report (bench/run.sh):
//   node bench/commit_stats.mjs URL REPORT.json
// commits: { count, batch_mean, batch_p99, latency_p50_ms, latency_p99_ms, latency_max_ms, checkpoints } — quantiles
// are the upper bounds of the histogram buckets that hold them (Prometheus histograms keep no more); the maximum is
// the server's own gauge; checkpoints are the WAL checkpoints run off the commit path (store::wal_checkpointer).
import { readFileSync, writeFileSync } from 'node:fs';

const [url, reportFile] = process.argv.slice(2);
const text = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();

function gauge(name) {
  const row = text.split('\n').find((r) => r.startsWith(`${name} `));
  if (row === undefined) throw new Error(`${name}: not in ${url}`);
  return Number(row.split(' ')[1]);
}

function histogram(name) {
  const buckets = [];
  let sum = 0;
  let count = 0;
  for (const row of text.split('\n')) {
    const bucket = row.match(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`));
    if (bucket) buckets.push([bucket[1] === '+Inf' ? Infinity : Number(bucket[1]), Number(bucket[2])]);
    if (row.startsWith(`${name}_sum `)) sum = Number(row.split(' ')[1]);
    if (row.startsWith(`${name}_count `)) count = Number(row.split(' ')[1]);
  }
  if (count === 0) throw new Error(`${name}: no observations in ${url}`);
  const quantile = (q) => buckets.sort((a, b) => a[0] - b[0]).find(([, cumulative]) => cumulative >= q * count)?.[0];
  return { count, mean: sum / count, quantile };
}

const latency = histogram('helpchat_transcript_commit_seconds');
const batch = histogram('helpchat_transcript_batch_size');
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
report.commits = {
  count: batch.count,
  batch_mean: batch.mean,
  batch_p99: batch.quantile(0.99),
  latency_p50_ms: latency.quantile(0.5) * 1000,
  latency_p99_ms: latency.quantile(0.99) * 1000,
  latency_max_ms: gauge('helpchat_transcript_commit_seconds_max') * 1000,
  checkpoints: gauge('helpchat_wal_checkpoints_total'),
};
writeFileSync(reportFile, JSON.stringify(report));
