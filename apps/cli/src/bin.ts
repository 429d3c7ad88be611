#!/usr/bin/env node
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
// Exit once stdout and stderr have taken everything (an idle keep-alive socket must not keep the command alive).
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
