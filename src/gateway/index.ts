export {
  type AsyncMessage,
  type AsyncMeta,
  DELIVERY,
  deliverMessage,
  getMessageStatus,
  getMessages,
  getResponse,
  messagesOf,
  type MessageStatus,
  sendDeliveryNotification,
  sendMessage,
  type StoredMessage,
} from './async.ts';
export { CircuitBreaker, type BreakerSnapshot, type BreakerState } from './breaker.ts';
export { CallLog, type CallLogOptions } from './call-log.ts';
export { ConnectorFault, GATEWAY_ERRORS, GatewayError, type GatewayErrorCode, isGatewayError } from './errors.ts';
export { FaultInjector, parseFaultsEnv } from './faults.ts';
export {
  type ConnectorHealth,
  createGateway,
  DEFAULT_CONNECTOR_CONFIG,
  Gateway,
  type GatewayOptions,
  gatewayEnvOptions,
  parseConfigEnv,
  requireData,
} from './gateway.ts';
export type * from './types.ts';
