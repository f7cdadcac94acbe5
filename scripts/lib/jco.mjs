// Runs npm's `jco` CLI (wasm-tools compiled to WebAssembly, run under Node through preview2-shim) with the host's
// root directory visible to it. Usage: node jco.mjs <npm prefix> <jco arguments...>
//                                  node jco.mjs <npm prefix> componentize-js <componentize-js arguments...>
//
// Why: jco 1.35's wasm-tools runs on @bytecodealliance/preview2-shim 0.26, which no longer gives a guest the
// host's "/" as a default preopen. jco does not add one, so every command that reads a file by path (`jco embed
// --wit`, and componentize's WIT) fails inside the tool with "No such file or directory" / "failed to get path
// metadata". The preopen is added here on the very shim instance each tool imports (npm may give each package
// its own copy), before the tool starts.
// Also: `jco embed --world-name` passes the name as `worldName` where its wasm-tools reads `world`, so the name is
// dropped and a package with two worlds is refused; `embed` therefore calls jco's wasm-tools API directly here.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const prefix = resolve(process.argv[2]);
const modules = `${prefix}/node_modules/@bytecodealliance`;
const command = process.argv[3];

// Adds "/" to the preview2-shim instance that the package at `from` imports, when it has no preopen.
async function openRoot(from) {
  const shim = createRequire(`${from}/package.json`).resolve('@bytecodealliance/preview2-shim/filesystem');
  const filesystem = await import(pathToFileURL(shim).href);
  if (filesystem.preopens.getDirectories().length === 0) filesystem._addPreopen('/', '/');
}

async function runCli(cli) {
  process.argv.splice(1, 3, cli, ...(command === 'componentize-js' ? [] : [command]));
  await import(pathToFileURL(cli).href);
}

await openRoot(`${modules}/jco-transpile`);
if (command === 'componentize-js') {
  await openRoot(`${modules}/componentize-js`);
  await runCli(`${modules}/componentize-js/src/cli.js`);
} else if (command === 'embed') {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(4),
    options: { wit: { type: 'string' }, 'world-name': { type: 'string' }, output: { type: 'string', short: 'o' } },
    allowPositionals: true,
  });
  const tools = createRequire(`${modules}/jco/package.json`).resolve('@bytecodealliance/jco-transpile/wasm-tools');
  const { componentEmbed } = await import(pathToFileURL(tools).href);
  const output = await componentEmbed({
    binary: await readFile(positionals[0]), witPath: resolve(values.wit), world: values['world-name'],
  });
  await writeFile(values.output, output);
} else {
  await runCli(`${modules}/jco/dist/jco.js`);
}
