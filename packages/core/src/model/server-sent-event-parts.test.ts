import { describe, expect, it } from 'vitest';
import { ServerSentEventParts, type ServerSentEventSink } from './server-sent-event-parts.js';

/** A reply whose body yields exactly these byte pieces (one read each), recording whether it was cancelled. */
function reply(pieces: Uint8Array[]): { response: Response; cancelled: () => boolean } {
  let cancelled = false;
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < pieces.length) controller.enqueue(pieces[i++]!);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { response: new Response(body, { headers: { 'x-request-id': 'req_1' } }), cancelled: () => cancelled };
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** Cuts `text`'s bytes at the given byte offsets. */
function cut(text: string, at: number[]): Uint8Array[] {
  const all = bytes(text);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, all.length]) {
    out.push(all.slice(from, to));
    from = to;
  }
  return out;
}

type Part = { data: string; name?: string | undefined } | { end: true } | { opened: string | null };

function sink(failOn?: string): ServerSentEventSink<Part> {
  let opened: string | null = null;
  return {
    failed: (parts) => void parts.push({ data: 'usage so far' }),
    opened: (response) => {
      opened = response.headers.get('x-request-id');
    },
    event(data, name, parts) {
      if (data === failOn) throw new Error(`vendor error: ${data}`);
      if (parts.length === 0 && opened !== null) {
        parts.push({ opened });
        opened = null;
      }
      parts.push(name === undefined ? { data } : { data, name });
    },
    end: (parts) => void parts.push({ end: true }),
  };
}

const mapError = (err: unknown) => new Error(`mapped: ${err instanceof Error ? err.message : String(err)}`);

async function collect(parts: AsyncIterable<Part>): Promise<Part[]> {
  const out: Part[] = [];
  for await (const p of parts) out.push(p);
  return out;
}

describe('ServerSentEventParts', () => {
  it('hands out the sink’s parts in order, with the headers first and the closing parts last', async () => {
    const { response } = reply([bytes('data: a\n\nevent: delta\ndata: b\n\n')]);
    expect(await collect(new ServerSentEventParts(async () => response, sink(), mapError))).toEqual([
      { opened: 'req_1' },
      { data: 'a' },
      { data: 'b', name: 'delta' },
      { end: true },
    ]);
  });

  it('keeps a character split across reads whole, and events split anywhere', async () => {
    const text = 'data: héllo 😀 wörld\n\ndata: two\n\n';
    // Cut inside the two-byte é, inside the four-byte emoji, and inside the blank line.
    const e = bytes('data: h').length;
    const emoji = bytes('data: héllo ').length + 2;
    const blank = bytes('data: héllo 😀 wörld\n').length;
    const { response } = reply(cut(text, [e + 1, emoji, blank]));
    const parts = await collect(new ServerSentEventParts(async () => response, sink(), mapError));
    expect(parts.filter((p) => 'data' in p)).toEqual([{ data: 'héllo 😀 wörld' }, { data: 'two' }]);
  });

  it('reads CRLF and CR framing, skips comments and keep-alives, joins multi-line data', async () => {
    const { response } = reply([bytes(': keep-alive\r\n\r\ndata: a\r\n\r\n:ping\n\ndata: b1\rdata: b2\r\r'), bytes('data: c\r\n'), bytes('\r\n')]);
    const parts = await collect(new ServerSentEventParts(async () => response, sink(), mapError));
    expect(parts.filter((p) => 'data' in p)).toEqual([{ data: 'a' }, { data: 'b1\nb2' }, { data: 'c' }]);
  });

  it('drops an event the body ends in the middle of (no blank line after it), as the SDKs do', async () => {
    const { response } = reply([bytes('data: a\n\ndata: cut')]);
    const parts = await collect(new ServerSentEventParts(async () => response, sink(), mapError));
    expect(parts.filter((p) => 'data' in p)).toEqual([{ data: 'a' }]);
  });

  it('delivers the events before a failing one in the same read, then the mapped error, and closes the body', async () => {
    const { response, cancelled } = reply([bytes('data: a\n\ndata: b\n\ndata: boom\n\ndata: never\n\n'), bytes('data: later\n\n')]);
    const seen: Part[] = [];
    const reading = (async () => {
      for await (const p of new ServerSentEventParts(async () => response, sink('boom'), mapError)) seen.push(p);
    })();
    await expect(reading).rejects.toThrow('mapped: vendor error: boom');
    expect(seen.filter((p) => 'data' in p)).toEqual([{ data: 'a' }, { data: 'b' }, { data: 'usage so far' }]);
    expect(cancelled()).toBe(true);
  });

  it('maps a failure to open (the SDK’s error for a non-2xx reply)', async () => {
    const parts = new ServerSentEventParts<Part>(() => Promise.reject(new Error('401')), sink(), mapError);
    await expect(parts.next()).rejects.toThrow('mapped: 401');
    expect(await parts.next()).toEqual({ done: true, value: undefined });
  });

  it('maps a body that breaks mid-way', async () => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new TypeError('terminated'));
        else controller.enqueue(bytes('data: a\n\n'));
        sent = true;
      },
    });
    const seen: Part[] = [];
    const reading = (async () => {
      for await (const p of new ServerSentEventParts(async () => new Response(body), sink(), mapError)) seen.push(p);
    })();
    await expect(reading).rejects.toThrow('mapped: terminated');
    expect(seen).toEqual([{ data: 'a' }, { data: 'usage so far' }]);
  });

  it('leaving early cancels the body (closing the request); leaving after the end does not', async () => {
    const early = reply([bytes('data: a\n\n'), bytes('data: b\n\n')]);
    for await (const p of new ServerSentEventParts(async () => early.response, sink(), mapError)) {
      if ('data' in p) break;
    }
    expect(early.cancelled()).toBe(true);

    const whole = reply([bytes('data: a\n\n')]);
    const parts = new ServerSentEventParts(async () => whole.response, sink(), mapError);
    await collect(parts);
    await parts.return();
    expect(whole.cancelled()).toBe(false);
  });

  it('once the signal is aborted, hands out nothing more it has read: the sink’s last parts, the mapped reason, the body cancelled', async () => {
    const { response, cancelled } = reply([bytes('data: a\n\ndata: b\n\ndata: c\n\n'), bytes('data: d\n\n')]);
    const controller = new AbortController();
    const seen: Part[] = [];
    const reading = (async () => {
      for await (const p of new ServerSentEventParts(async () => response, sink(), mapError, controller.signal)) {
        seen.push(p);
        if ('data' in p && p.data === 'a') controller.abort(new Error('stop'));
      }
    })();
    await expect(reading).rejects.toThrow('mapped: stop');
    expect(seen.filter((p) => 'data' in p)).toEqual([{ data: 'a' }, { data: 'usage so far' }]);
    expect(cancelled()).toBe(true);
  });

  it('an abort while a read is pending cancels the body itself, whether or not the fetch hears of it (a stalled vendor is closed)', async () => {
    let cancelled = false;
    let first = true;
    // A vendor that sends one event and then nothing: the read after it never resolves on its own.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (first) controller.enqueue(bytes('data: a\n\n'));
        first = false;
        return new Promise(() => undefined);
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const parts = new ServerSentEventParts<Part>(async () => new Response(body), sink(), mapError, controller.signal);
    expect(await parts.next()).toEqual({ done: false, value: { data: 'a' } });
    const stalled = parts.next();
    controller.abort(new Error('idle timeout'));
    // The sink's last parts (usage so far), then the mapped reason.
    expect(await stalled).toEqual({ done: false, value: { data: 'usage so far' } });
    await expect(parts.next()).rejects.toThrow('mapped: idle timeout');
    expect(cancelled).toBe(true);
  });

  it('a stream that ended stops listening to its signal (a later abort cancels nothing)', async () => {
    const { response, cancelled } = reply([bytes('data: a\n\n')]);
    const controller = new AbortController();
    expect(await collect(new ServerSentEventParts(async () => response, sink(), mapError, controller.signal))).toEqual([{ opened: 'req_1' }, { data: 'a' }, { end: true }]);
    controller.abort(new Error('late'));
    expect(cancelled()).toBe(false);
  });

  it('an abort before the open, or during it, hands out nothing: only the mapped reason', async () => {
    const before = new AbortController();
    before.abort(new Error('gone'));
    let opened = false;
    const never = new ServerSentEventParts<Part>(async () => ((opened = true), reply([bytes('data: a\n\n')]).response), sink(), mapError, before.signal);
    await expect(never.next()).rejects.toThrow('mapped: gone');
    expect(opened).toBe(false);

    // Aborted while the request was on its way: the reply's first read is dropped, the body cancelled.
    const during = new AbortController();
    const late = reply([bytes('data: a\n\n'), bytes('data: b\n\n')]);
    const open = async () => {
      during.abort(new Error('too late'));
      return late.response;
    };
    const seen: Part[] = [];
    await expect(
      (async () => {
        for await (const p of new ServerSentEventParts(open, sink(), mapError, during.signal)) seen.push(p);
      })(),
    ).rejects.toThrow('mapped: too late');
    expect(seen.filter((p) => 'data' in p && p.data !== 'usage so far')).toEqual([]);
    expect(late.cancelled()).toBe(true);
  });

  it('an abort after the body ended but before its closing parts are handed out drops them', async () => {
    const { response } = reply([bytes('data: a\n\n')]);
    const twoClosing: ServerSentEventSink<Part> = { ...sink(), end: (parts) => void parts.push({ end: true }, { data: 'metadata' }) };
    const controller = new AbortController();
    const parts = new ServerSentEventParts<Part>(async () => response, twoClosing, mapError, controller.signal);
    expect((await parts.next()).value).toEqual({ opened: 'req_1' });
    expect((await parts.next()).value).toEqual({ data: 'a' });
    expect((await parts.next()).value).toEqual({ end: true });
    controller.abort(new Error('caller left'));
    await expect(parts.next()).rejects.toThrow('mapped: caller left');
  });

  it('fails with the mapped error when the reply has no body', async () => {
    const parts = new ServerSentEventParts<Part>(async () => new Response(null), sink(), mapError);
    await expect(parts.next()).rejects.toThrow('mapped: the streamed reply has no body');
  });
});
