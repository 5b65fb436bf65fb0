// Attempts that made byte-for-byte the same change are one candidate, not several: the judge is shown
// each distinct change once (a shorter, cheaper request that cannot be swayed by how often a change
// appears), and when every attempt that passed made the same change there is nothing to judge.
import type { Candidate, Verdict } from './attemptJudge';

/** The candidates grouped by the change they made, each group led by its lowest attempt number. */
export function groupSameChanges(candidates: readonly Candidate[]): Candidate[][] {
  const groups = new Map<string, Candidate[]>();
  for (const candidate of [...candidates].sort((a, b) => a.attempt - b.attempt)) {
    const key = candidate.diff.files.map((file) => `${file.path}\0${file.afterHash ?? 'deleted'}`).join('\n');
    groups.set(key, [...(groups.get(key) ?? []), candidate]);
  }
  return [...groups.values()];
}

/** The judge's verdict on the groups' leaders, carried to every attempt in each group. */
export function verdictForGroups(groups: readonly Candidate[][], leaders: Verdict): Verdict {
  const ranking = leaders.ranking.flatMap((leader) => groups.find((group) => group[0]!.attempt === leader)!.map((candidate) => candidate.attempt));
  const scores: Verdict['scores'] = { ...leaders.scores };
  for (const group of groups) {
    const leader = leaders.scores[group[0]!.attempt];
    for (const twin of group.slice(1)) if (leader) scores[twin.attempt] = { score: leader.score, reason: `The same change as attempt ${group[0]!.attempt}.` };
  }
  return { ...leaders, ranking, scores };
}

/** Every candidate made the same change: the first is proposed, and no judge is asked. */
export function sameChangeVerdict(group: readonly Candidate[]): Verdict {
  return { ranking: group.map((candidate) => candidate.attempt), scores: {}, by: 'same change', note: `attempts ${group.map((candidate) => candidate.attempt).join(', ')} made the same change, so no judge was asked`, costUsd: 0 };
}
