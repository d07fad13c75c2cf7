// A load of evenly spaced requests, in a process of its own (forked with IPC). autocannon's
// `overallRate` gives each connection a quota per second, which it spends back to back at
// the start of each second: a burst at full speed, then silence. This sends request n at
// start + n / rate instead, over up to `connections` kept-alive sockets, and times each from
// the moment it was due (a late send counts against the server, as in wrk2).
//   { id, cmd: 'run', url, hosts, rate, seconds, connections }
//     -> { latencies: ms per request, failures, lateSends: sends over 1 ms past due }
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

function run({ url, hosts, rate, seconds, connections }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const latencies = [];
  let failures = 0;
  let lateSends = 0;
  let sent = 0;
  let finished = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    const done = () => {
      if (++finished < total) return;
      agent.destroy();
      resolve({ latencies, failures, lateSends });
    };
    const send = (dueAt) => {
      if (performance.now() - dueAt > 1) lateSends++;
      const req = request(url, { agent, headers: { host: hosts[sent % hosts.length] } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) failures++;
          latencies.push(performance.now() - dueAt);
          done();
        });
      });
      req.on('error', () => {
        failures++;
        done();
      });
      req.end();
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) send(start + (sent++ * 1000) / rate);
      if (sent < total) setTimeout(tick, 0);
    };
    tick();
  });
}

process.on('message', (msg) => {
  run(msg).then(
    (result) => process.send?.({ id: msg.id, ok: true, ...result }),
    (error) => process.send?.({ id: msg.id, ok: false, error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
