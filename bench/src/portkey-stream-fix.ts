/**
 * Loaded into Portkey's gateway process (`node --import`) by `startPortkey`. Portkey 1.15 adds its
 * `x-portkey-*` headers to the upstream reply it got from `fetch`, and a fetch reply's headers are
 * immutable under Node's fetch: every stream it relays fails with HTTP 500 (`TypeError: immutable`,
 * Portkey-AI/gateway#1389 and #1550). As the fix proposed upstream (Portkey-AI/gateway#1551) does,
 * an event-stream reply is handed on as a new `Response` over the same body, status and headers,
 * whose headers may be changed. Other replies are untouched. It costs one `Response` per stream,
 * nothing per chunk, so Portkey's CPU per streamed chunk can be measured as it would be with the fix.
 */
const upstreamFetch = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const reply = await upstreamFetch(input, init);
  if (!reply.headers.get('content-type')?.includes('text/event-stream')) return reply;
  return new Response(reply.body, { status: reply.status, statusText: reply.statusText, headers: reply.headers });
};
