/**
 * `gen_ai.provider.name` (OpenTelemetry GenAI conventions) for the framework's provider names:
 * the conventions' well-known value where there is one (google → `gcp.gemini`, the AI Studio
 * endpoint), the provider's own name otherwise (openrouter, mock). Shared by metrics and traces.
 */
const WELL_KNOWN_PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'gcp.gemini',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  groq: 'groq',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  deepseek: 'deepseek',
  cohere: 'cohere',
  perplexity: 'perplexity',
  bedrock: 'aws.bedrock',
  azure: 'azure.ai.openai',
};

export function genAiProviderName(provider: string): string {
  return WELL_KNOWN_PROVIDERS[provider] ?? provider;
}
