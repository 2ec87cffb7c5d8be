// Preloaded with `node --import ./bench/max-rss.mjs <script>` where /usr/bin/time is missing: prints the
// process's peak resident set size (worker threads included) and its wall time on stderr when it exits.
const start = performance.now();
process.on('exit', () => {
  const mib = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(`\nmax-rss: ${mib.toFixed(1)} MiB, wall ${((performance.now() - start) / 1000).toFixed(3)} s\n`);
});
