// The baseline of the HTTP benchmarks: a bare node:http server answering every request
// with the fixed JSON in $BODY, in its own process like the server it is compared with.
import { createServer } from 'node:http';

const body = Buffer.from(process.env.BODY ?? '{"ok":true}');
const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'ready' }));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
