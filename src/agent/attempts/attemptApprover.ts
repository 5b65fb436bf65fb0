// Best-of-N attempts share the user's one approver; each attempt's questions say which attempt asks
// ("Attempt 2: Loupe wants to run `npm install`…"), so N questions at once can be told apart.
import type { Approver } from '../ports';

export function approverForAttempt(attempt: number, approver: Approver): Approver {
  const asker = `Attempt ${attempt}`;
  const network = approver.approveNetworkAccess?.bind(approver);
  return {
    reviewChange: (change, signal) => approver.reviewChange({ ...change, asker }, signal),
    approveCommand: (request, signal) => approver.approveCommand({ ...request, asker }, signal),
    ...(network ? { approveNetworkAccess: (request, signal) => network({ ...request, asker }, signal) } : {}),
  } satisfies Approver;
}
