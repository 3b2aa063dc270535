import { FedlabError } from '../shared/errors.js';

/** A ledger archive that cannot be read: names the file and what to do. */
export class LedgerArchiveError extends FedlabError {
  constructor(
    source: string,
    problem: string,
    hint = 'take a new backup (fedlab backup) and use that file',
    cause?: unknown,
    details: Record<string, unknown> = {},
  ) {
    super('LEDGER_ARCHIVE_INVALID', `${source} ${problem}; ${hint}`, {
      details: { source, problem, ...details },
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** Which row of an archive a refusal is about, e.g. `block #3 (id 3fa…)`. */
export interface ArchiveRow {
  kind: 'block' | 'vote' | 'transaction' | 'membership' | 'backlog';
  /** Its position in the archive's array (the `membership`, `blocks`, `votes` or `backlog` field). */
  index: number;
  /** What identifies it beyond its position (block id, voter and block, transaction id, epoch). */
  label: string;
}

export const TAMPERED_HINT =
  'nothing was written; the archive was edited or assembled from other ledgers after export: restore ' +
  'from a backup you took yourself (fedlab backup FILE --name FEDERATION, or bigchaindb export --out FILE)';

/**
 * A row of an archive that import refuses (issue 16): a block, vote, transaction or membership
 * record that does not verify. `details.row` names it for programs; the message for people.
 */
export class ArchiveRowRefusedError extends LedgerArchiveError {
  readonly row: ArchiveRow;
  constructor(source: string, row: ArchiveRow, problem: string, hint = TAMPERED_HINT) {
    super(source, `is refused: ${row.kind} #${row.index} (${row.label}) ${problem}`, hint, undefined, {
      row,
    });
    this.row = row;
  }
}

/** The archive's members are not the target federation's members. */
export class ArchiveMembersMismatchError extends FedlabError {
  constructor(code: string, diff: MembersDiff, where: string) {
    const parts = [
      ...(diff.missing.length > 0 ? [`missing here: ${diff.missing.join(', ')}`] : []),
      ...(diff.extra.length > 0 ? [`not in the archive: ${diff.extra.join(', ')}`] : []),
    ];
    super(
      code,
      `the archive was taken from a federation with other members than ${where} (${parts.join('; ')}); ` +
        "restore only into a federation with exactly the same member keys (the same operators' keys, " +
        'e.g. the same state directory after fedlab down --volumes and fedlab up)',
      { details: { missing: diff.missing, extra: diff.extra } },
    );
  }
}

/** The target ledger holds more than a genesis block (and the lab's probe transactions). */
export class ArchiveTargetNotEmptyError extends FedlabError {
  constructor(code: string, foreign: ForeignContent, where: string) {
    super(
      code,
      `${where} already holds a ledger (${describeForeign(foreign)}); restore only into a fresh ` +
        'federation: fedlab down --volumes, then fedlab up, then restore',
      { details: { ...foreign } },
    );
  }
}

/** Member keys an archive has that the target lacks (`missing`), and the reverse (`extra`). */
export interface MembersDiff {
  missing: string[];
  extra: string[];
}

/** What a target ledger holds beyond its genesis block, probe blocks and what the archive itself holds. */
export interface ForeignContent {
  blocks: number;
  backlog: number;
  /** A few of the foreign block ids / transaction ids, for the message. */
  examples: string[];
}

function describeForeign(f: ForeignContent): string {
  const parts = [
    ...(f.blocks > 0 ? [`${f.blocks} block(s) besides the genesis block`] : []),
    ...(f.backlog > 0 ? [`${f.backlog} backlog transaction(s)`] : []),
  ];
  return `${parts.join(' and ')}, e.g. ${f.examples.join(', ')}`;
}
