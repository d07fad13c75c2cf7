// Sums a V8 heap snapshot's self sizes by node type and constructor, with counts:
//   node bench/lib/heap-summary.mjs FILE [per]
// With `per` (a number, e.g. the subscriber count), also prints bytes and objects per unit.
import { readFileSync } from 'node:fs';

const [file, perArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/lib/heap-summary.mjs FILE [per]');
const per = Number(perArg ?? 0);
const snapshot = JSON.parse(readFileSync(file, 'utf8'));
const fields = snapshot.snapshot.meta.node_fields;
const types = snapshot.snapshot.meta.node_types[0];
const { nodes, strings } = snapshot;
const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
const rows = new Map();
let total = 0;
for (let i = 0; i < nodes.length; i += fields.length) {
  const type = types[nodes[i + typeAt]];
  const size = nodes[i + sizeAt];
  total += size;
  const key = type === 'object' || type === 'closure' ? `${type} ${strings[nodes[i + nameAt]]}` : type;
  const row = rows.get(key) ?? { size: 0, count: 0 };
  row.size += size;
  row.count += 1;
  rows.set(key, row);
}
console.log(
  `${(total / 2 ** 20).toFixed(1)} MB in all${per ? `, ${(total / per / 1024).toFixed(2)} KB per ${per}th` : ''}`,
);
for (const [key, row] of [...rows].sort((a, b) => b[1].size - a[1].size).slice(0, 40)) {
  const each = per
    ? `  ${(row.size / per).toFixed(0).padStart(6)} B ${(row.count / per).toFixed(1).padStart(5)} objects per unit`
    : '';
  console.log(`${(row.size / 2 ** 20).toFixed(2).padStart(8)} MB ${String(row.count).padStart(8)}  ${key}${each}`);
}
