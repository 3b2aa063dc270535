/** `bigchaindb drop [-y]`: drop the database, after a confirmation (or -y). */
import { CliUsageError } from '../cli-errors.js';
import { load, nodeLogger, withStore, type CliContext } from '../context.js';

export async function dropCommand(ctx: CliContext, options: { yes: boolean }): Promise<void> {
  const { config } = await load(ctx);
  const { name, host, port } = config.database;
  if (!options.yes) {
    const answer = await ctx.io.confirm(
      `Drop database "${name}" on ${host}:${port}? All its data is lost. [y/N] `,
    );
    if (answer === null)
      throw new CliUsageError(`refusing to drop database "${name}" without confirmation; pass -y`);
    if (!answer) {
      ctx.io.err('not dropped');
      return;
    }
  }
  await withStore(ctx, config, nodeLogger(ctx, config, 'drop'), (store) => store.drop());
  ctx.io.err(`dropped database "${name}" on ${host}:${port}`);
}
