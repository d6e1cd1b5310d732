// Validates a glTF 2.0 file (.glb or .gltf with its resources) with the
// Khronos glTF validator: `node tools/gltf-validate.mjs FILE`. Prints the
// counts of errors and warnings and the first messages; exits 0 when the
// file has no errors, 1 when it has, 2 on a usage error or a missing file.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import validator from 'gltf-validator';

const path = process.argv[2];
if (!path) {
  console.error('usage: node gltf-validate.mjs FILE.glb|FILE.gltf');
  process.exit(2);
}
let bytes;
try {
  bytes = new Uint8Array(await readFile(path));
} catch (e) {
  console.error(`${path}: ${e.message}`);
  process.exit(2);
}
const report = await validator.validateBytes(bytes, {
  uri: path,
  maxIssues: 20,
  externalResourceFunction: (uri) =>
    readFile(join(dirname(path), decodeURIComponent(uri))).then((b) => new Uint8Array(b)),
});
const issues = report.issues;
console.log(`${path}: ${issues.numErrors} errors, ${issues.numWarnings} warnings, ${issues.numInfos} infos`);
for (const m of issues.messages.slice(0, 10))
  console.log(`  ${['error', 'warning', 'info', 'hint'][m.severity]} ${m.code}: ${m.message} (${m.pointer ?? ''})`);
process.exit(issues.numErrors > 0 ? 1 : 0);
