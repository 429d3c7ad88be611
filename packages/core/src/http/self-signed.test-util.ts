/**
 * A self-signed certificate for 127.0.0.1 (P-256, valid until 2126) and its key, for TLS tests
 * against servers on 127.0.0.1 only. Made with
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1`.
 */
export const SELF_SIGNED_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg24GgQNZZriBCK3yr
sgJTNdk4hdud2MGsD6ylvPXvUnehRANCAATyfvMKGo4QOasvFSNGrcRh2Za9NoXp
vSMgrkwrA0O6gAY0g+5ubxqXJMituETX7g8EcUiFoseu8z0o6ja3KZEQ
-----END PRIVATE KEY-----
`;

export const SELF_SIGNED_CERT = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUcrOmG5jpNGvyeB3BcTM3E+ZAeukwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEzMDIxMDQwOFoYDzIxMjYxMTA2
MjEwNDA4WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATyfvMKGo4QOasvFSNGrcRh2Za9NoXpvSMgrkwrA0O6gAY0g+5ubxqX
JMituETX7g8EcUiFoseu8z0o6ja3KZEQo2QwYjAdBgNVHQ4EFgQU/v+vK4SauwO8
DBtUXYktkOLR/SwwHwYDVR0jBBgwFoAU/v+vK4SauwO8DBtUXYktkOLR/SwwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IQCJVo0O6VD/8jDKZDOpXc7bkOI/NLgm78cQModXyhIWzAIgLKKieMosCXFSDpdH
FfEbNR9zhB1HiFGjZzrRPrSvdi4=
-----END CERTIFICATE-----
`;
