// The npm crypto-conditions package (what bigchaindb-driver uses) does the DER and fingerprint
// work for threshold conditions, where the encoding rules (sorted SET OF, cost, subtypes) are
// fiddly and the library is the reference. It is CommonJS, so it is imported as one object.
// Its Babel-built dist requires @babel/runtime-corejs3 at run time (helpers, core-js-stable) but
// 2.2.1 lists it only under devDependencies, so our package.json declares it as a dependency:
// without it the production image (npm ci --omit=dev) fails to load this module.
import cc from 'crypto-conditions';

export const { Ed25519Sha256, ThresholdSha256, Fulfillment } = cc;
export type CcFulfillment = InstanceType<typeof cc.Fulfillment>;

// The library's typings mark these fields private, but they are its data model and the only way
// to walk a parsed fulfillment tree without re-encoding it; read them through these views.
export interface Ed25519View {
  publicKey: Buffer | undefined;
  signature: Buffer | undefined;
}
export interface ThresholdView {
  subconditions: { type: 'fulfillment' | 'condition'; body: unknown }[];
}

export function ed25519View(f: CcFulfillment): Ed25519View {
  return f as unknown as Ed25519View;
}

export function thresholdView(f: CcFulfillment): ThresholdView {
  return f as unknown as ThresholdView;
}
