/** Fixed keypairs for config and CLI tests (made with tweetnacl; base58 of key / 32-byte seed). */
export const KP_A = {
  publicKey: 'GCooF8qvuiRfis6ajXY5goQHqekLdXMJHRy1tJ4fKxKR',
  privateKey: '4r6rB8pKk3p5g3pr6JrNMtNppgJNSJUCpTKRBRrXrEYg',
};
export const KP_B = {
  publicKey: '8zRtw4xDyZxJ2yEFPPANGy3PNpzhodv5qndctecZEekC',
  privateKey: 'Fa9GJXSLdZbP8iJHocgn8b7G1683JvcoYADXR1PRPQvf',
};
export const KP_C = {
  publicKey: 'AaLyPEZqHDZJQUCDfjrBtBs9saAJiT5TSv4k12ZbTELy',
  privateKey: 'HgyA7unVsRuCwFVCvFuT7q3Biy6cXBLPGzKVN1LpPeys',
};
