import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = new URL('./ts-register.mjs', import.meta.url).href;

export function startWorker(script, env) {
  const path = script instanceof URL || String(script).startsWith('file:') ? fileURLToPath(script) : String(script);
  const child = fork(path, [], {
    execArgv: ['--conditions=@llm/source', '--import', REGISTER],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages = [];
  const waiters = [];
  child.on('message', (m) => {
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const error = messages.find((m) => m.type === 'error');
        if (error) return reject(new Error(String(error.message)));
        const found = messages.find((m) => m.type === type);
        if (found) return resolve(found);
        waiters.push(check);
      };
      child.once('exit', (code) => setTimeout(() => reject(new Error(`worker exited (${code}) before sending ${type}`)), 50));
      check();
    });
  return { child, messages, next };
}
