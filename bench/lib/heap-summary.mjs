// Sums a V8 heap snapshot's self sizes by node type and constructor, with counts:
//   node bench/lib/heap-summary.mjs FILE [per] [BEFORE]
// With `per` (a number, e.g. the subscriber count), also prints bytes and objects per unit.
// With BEFORE (an earlier snapshot of the same process), prints what FILE holds more than it.
import { readFileSync } from 'node:fs';

const [file, perArg, beforeFile] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/lib/heap-summary.mjs FILE [per] [BEFORE]');
const per = Number(perArg ?? 0);

/** Self size and count by type (and constructor, for objects and closures). */
function summarize(path) {
  const snapshot = JSON.parse(readFileSync(path, 'utf8'));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const { nodes, strings } = snapshot;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const rows = new Map();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]];
    const key = type === 'object' || type === 'closure' ? `${type} ${strings[nodes[i + nameAt]]}` : type;
    const row = rows.get(key) ?? { size: 0, count: 0 };
    row.size += nodes[i + sizeAt];
    row.count += 1;
    rows.set(key, row);
  }
  return rows;
}

const rows = summarize(file);
if (beforeFile) {
  for (const [key, row] of summarize(beforeFile)) {
    const now = rows.get(key) ?? { size: 0, count: 0 };
    rows.set(key, { size: now.size - row.size, count: now.count - row.count });
  }
}
const total = [...rows.values()].reduce((sum, row) => sum + row.size, 0);
console.log(
  `${(total / 2 ** 20).toFixed(1)} MB in all${beforeFile ? ' more than before' : ''}${per ? `, ${(total / per / 1024).toFixed(2)} KB per ${per}th` : ''}`,
);
for (const [key, row] of [...rows].sort((a, b) => b[1].size - a[1].size).slice(0, 40)) {
  const each = per
    ? `  ${(row.size / per).toFixed(0).padStart(6)} B ${(row.count / per).toFixed(1).padStart(5)} objects per unit`
    : '';
  console.log(`${(row.size / 2 ** 20).toFixed(2).padStart(8)} MB ${String(row.count).padStart(8)}  ${key}${each}`);
}
