// A small authoritative DNS server on loopback UDP for the sweep benchmark. For
// d<N>.sweep.bench.test it answers A = $ADDRESS, and for _ocore-verification.d<N>... the TXT
// "ocore-verify-bench-sweep-<N>"; other types of those names get an empty answer (NODATA),
// other names NXDOMAIN. Says { type: 'ready', port } over IPC once listening.
import dgram from 'node:dgram';

const address = (process.env.ADDRESS ?? '203.0.113.10').split('.').map(Number);
const namePattern = /^(_ocore-verification\.)?d(\d+)\.sweep\.bench\.test$/;

function record(type, rdata) {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4); // IN
  head.writeUInt32BE(60, 6); // TTL
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

function answer(query) {
  let offset = 12;
  const labels = [];
  while (query[offset] !== 0) {
    const length = query[offset];
    labels.push(query.toString('latin1', offset + 1, offset + 1 + length));
    offset += length + 1;
  }
  const questionEnd = offset + 5;
  const type = query.readUInt16BE(offset + 1);
  const match = namePattern.exec(labels.join('.').toLowerCase());
  const answers = [];
  if (match && match[1] && type === 16) {
    const text = Buffer.from(`ocore-verify-bench-sweep-${match[2]}`);
    answers.push(record(16, Buffer.concat([Buffer.from([text.length]), text])));
  } else if (match && !match[1] && type === 1) {
    answers.push(record(1, Buffer.from(address)));
  }
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR, AA, RD as asked, RA; NXDOMAIN for names outside the zone.
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (match ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}

const socket = dgram.createSocket('udp4');
socket.on('message', (query, peer) => {
  try {
    socket.send(answer(query), peer.port, peer.address);
  } catch {
    // A malformed query gets no answer.
  }
});
socket.bind(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: socket.address().port }));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
