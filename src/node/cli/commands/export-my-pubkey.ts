/** `bigchaindb export-my-pubkey`: print this node's public key and nothing else (scripts read it). */
import { requireKeypair } from '../../config/load.js';
import { load, type CliContext } from '../context.js';

export async function exportMyPubkeyCommand(ctx: CliContext): Promise<void> {
  ctx.io.out(requireKeypair(await load(ctx)).publicKey);
}
