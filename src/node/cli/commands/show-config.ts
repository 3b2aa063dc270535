/** `bigchaindb show-config`: the effective config (file < env) as JSON, secrets masked. */
import { maskConfig } from '../../config/mask.js';
import { load, type CliContext } from '../context.js';

export async function showConfigCommand(ctx: CliContext): Promise<void> {
  const loaded = await load(ctx, false);
  if (!loaded.exists)
    ctx.io.err(`no config file at ${loaded.path}; showing the defaults and environment overrides`);
  ctx.io.out(JSON.stringify({ config_path: loaded.path, ...maskConfig(loaded.config) }, null, 2));
}
