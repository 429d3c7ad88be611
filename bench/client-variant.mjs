// The client options of a `create<Vendor>` client for the memory-replay scripts (json-memory.mjs,
// prof-memory.mjs): the default stack, or it without one part when the environment says so
// (TELEMETRY_OFF, RETRY0, NOBREAKER, NOLOG = 1).
export function clientVariantConfig(settings, model, env = process.env) {
  return {
    ...settings,
    model,
    logging: { level: env.NOLOG ? 'silent' : 'warn' },
    ...(env.TELEMETRY_OFF ? { telemetry: { enabled: false } } : {}),
    ...(env.RETRY0 ? { retry: { maxRetries: 0 } } : {}),
    ...(env.NOBREAKER ? { circuitBreaker: { enabled: false } } : {}),
  };
}
