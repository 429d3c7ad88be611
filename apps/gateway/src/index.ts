export { startGateway, type Gateway, type GatewayOptions } from './gateway.js';
export { loadGatewayConfig, isLoopback, type LoadGatewayConfigOptions, type ProviderSettings, type ResolvedGatewayConfig } from './config/gateway-config-load.js';
export { ClientOptionsSchema, GatewayConfigSchema, ModelOptionsSchema, type GatewayConfig, type GatewayConfigInput, type ModelOptions } from './config/gateway-config-schema.js';
export { GATEWAY_PROVIDERS, GATEWAY_PROVIDER_NAMES, type GatewayProviderName } from './config/gateway-providers.js';
export type { RouteFactory, RouteFactoryContext } from './routing/route-factory.js';
export { GATEWAY_VERSION } from './version.js';
