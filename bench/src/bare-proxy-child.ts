/**
 * The least a Node gateway can do: a `node:http` server that forwards each request to the upstream
 * over a keep-alive `node:http` agent, with the upstream's key, and pipes the reply back as it comes
 * (status and content type kept). No parsing, no auth, no limits, no logs. Run by `startBareProxy`
 * (`node bare-proxy-child.js <upstream base URL> <upstream key>`); prints `listening on <url>` once
 * it accepts calls. What it adds to a call is the extra hop's own cost on the machine at hand: two
 * more loopback connections and Node's HTTP parsing on both of them.
 */
import http from 'node:http';

const [upstreamArg, apiKey] = process.argv.slice(2);
if (!upstreamArg || !apiKey) throw new Error('usage: bare-proxy-child.js <upstream base URL> <upstream key>');
const upstream = new URL(upstreamArg);
const basePath = upstream.pathname.replace(/\/$/, '');
const agent = new http.Agent({ keepAlive: true });

const server = http.createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (part: Buffer) => parts.push(part));
  req.on('end', () => {
    const body = Buffer.concat(parts);
    // The client's base URL ends in /v1, as the upstream's does: the path after it is kept.
    const path = basePath + (req.url ?? '/').replace(/^\/v1/, '');
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, path, method: req.method, agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'content-length': body.byteLength } },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, { 'content-type': reply.headers['content-type'] ?? 'application/json' });
        reply.pipe(res);
      },
    );
    forward.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
    forward.end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  agent.destroy();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
