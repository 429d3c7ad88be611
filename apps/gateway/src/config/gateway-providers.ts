/** The vendors the gateway can serve, with the variables their keys and base URLs come from. */
export const GATEWAY_PROVIDERS = {
  openai: { apiKeyEnv: ['OPENAI_API_KEY'], baseUrlEnv: 'OPENAI_BASE_URL' },
  anthropic: { apiKeyEnv: ['ANTHROPIC_API_KEY'], baseUrlEnv: 'ANTHROPIC_BASE_URL' },
  google: { apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'], baseUrlEnv: 'GEMINI_BASE_URL' },
  groq: { apiKeyEnv: ['GROQ_API_KEY'], baseUrlEnv: 'GROQ_BASE_URL' },
  openrouter: { apiKeyEnv: ['OPENROUTER_API_KEY'], baseUrlEnv: 'OPENROUTER_BASE_URL' },
} as const satisfies Record<string, { apiKeyEnv: readonly string[]; baseUrlEnv: string }>;

export type GatewayProviderName = keyof typeof GATEWAY_PROVIDERS;
export const GATEWAY_PROVIDER_NAMES = Object.keys(GATEWAY_PROVIDERS) as GatewayProviderName[];

export function isGatewayProvider(name: string): name is GatewayProviderName {
  return Object.hasOwn(GATEWAY_PROVIDERS, name);
}

type Env = Readonly<Record<string, string | undefined>>;

/** The key and base URL of each provider whose key is in the environment (zero-config start). */
export function providersFromEnv(env: Env): Partial<Record<GatewayProviderName, { apiKey: string; baseUrl?: string }>> {
  const out: Partial<Record<GatewayProviderName, { apiKey: string; baseUrl?: string }>> = {};
  for (const name of GATEWAY_PROVIDER_NAMES) {
    const spec = GATEWAY_PROVIDERS[name];
    const apiKey = spec.apiKeyEnv.map((v) => env[v]?.trim()).find((v) => v);
    if (!apiKey) continue;
    const baseUrl = env[spec.baseUrlEnv]?.trim();
    out[name] = baseUrl ? { apiKey, baseUrl } : { apiKey };
  }
  return out;
}
