/**
 * A fetch that replays replies recorded from the fake server, from memory: no sockets, no
 * timers, so what is left is the client libraries' own CPU (the SDK's HTTP/SSE handling and
 * our layers), measured with far less noise than over loopback.
 */

export interface Recorded {
  status: number;
  headers: [string, string][];
  /** The body split as it arrived frame by frame (SSE) or whole (JSON). */
  parts: Uint8Array[];
}

const encoder = new TextEncoder();

/** Records one reply of the fake server for `body`, splitting SSE bodies into their frames. */
export async function record(baseUrl: string, apiKey: string, body: unknown): Promise<Recorded> {
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const sse = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  const frames = sse ? text.split(/(?<=\n\n)/) : [text];
  return { status: res.status, headers: [...res.headers].filter(([k]) => k !== 'content-length' && k !== 'transfer-encoding'), parts: frames.map((f) => encoder.encode(f)) };
}

/** Answers every request with `json` or, when the request body asks to stream, `sse`. */
export function replayFetch(json: Recorded, sse: Recorded): typeof fetch {
  return async (_input, init) => {
    // The SDK sends the body as a string: reading it is the same cost the real fetch would have.
    const stream = typeof init?.body === 'string' && init.body.includes('"stream":true');
    const rec = stream ? sse : json;
    return replayResponse(rec.parts, rec.headers, rec.status);
  };
}

/** A reply whose body arrives as `parts`, one read each (as a socket's reads would bring them). */
export function replayResponse(parts: readonly Uint8Array[], headers: [string, string][], status = 200): Response {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[i++];
      if (part) controller.enqueue(part);
      else controller.close();
    },
  });
  return new Response(body, { status, headers });
}
