// Runs npm's `jco` CLI (wasm-tools compiled to WebAssembly, run under Node through preview2-shim) with the host's
// root directory visible to it. Usage: node jco.mjs <npm prefix> <jco arguments...>
//
// Why: jco 1.35's wasm-tools runs on @bytecodealliance/preview2-shim 0.26, which no longer gives a guest the
// host's "/" as a default preopen. jco does not add one, so every command that reads a file by path (`jco embed
// --wit`, and componentize's WIT) fails inside the tool with "No such file or directory" / "failed to get path
// metadata". The preopen is added here on the very shim instance jco's wasm-tools imports (resolved from
// jco-transpile, which may hold its own copy), before jco starts.
// Also: `jco embed --world-name` passes the name as `worldName` where its wasm-tools reads `world`, so the name is
// dropped and a package with two worlds is refused; `embed` therefore calls jco's wasm-tools API directly here.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const prefix = resolve(process.argv[2]);
const modules = `${prefix}/node_modules/@bytecodealliance`;
const shim = createRequire(`${modules}/jco-transpile/package.json`).resolve('@bytecodealliance/preview2-shim/filesystem');
const filesystem = await import(pathToFileURL(shim).href);
if (filesystem.preopens.getDirectories().length === 0) filesystem._addPreopen('/', '/');

if (process.argv[3] === 'embed') {
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
  process.exit(0);
}

const cli = `${modules}/jco/dist/jco.js`;
process.argv.splice(1, 2, cli);
await import(pathToFileURL(cli).href);
