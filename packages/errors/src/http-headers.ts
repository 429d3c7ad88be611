/** Headers as the vendor SDKs hand them over: a fetch `Headers`, or a plain record. */
export type HeadersLike = Headers | Readonly<Record<string, string | readonly string[] | null | undefined>>;

export function getHeader(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | null | undefined>>;
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === lower) {
      const value = record[key];
      if (value == null) return undefined;
      return typeof value === 'string' ? value : value[0];
    }
  }
  return undefined;
}

/** The vendor's request id, under the header each vendor uses. */
export function getRequestId(headers: HeadersLike | undefined): string | undefined {
  return (
    getHeader(headers, 'x-request-id') ??
    getHeader(headers, 'request-id') ??
    getHeader(headers, 'x-goog-request-id') ??
    getHeader(headers, 'cf-ray')
  );
}
