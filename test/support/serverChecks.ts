// After every test, the Messages-API test servers it used are checked: a violation the test never
// read, or a scripted turn it never used and never asked about, fails that test (not a later one, and
// not the whole run). Loaded for every mocha run by .mocharc.json; e2e suites, whose server lives for
// a describe block, use checkServersAfterEachTest (loupeWorkbench.ts).
import type { Context } from 'mocha';
import { takeStartedServers, type MessagesApiServer } from './messagesApiServer';

/**
 * Wraps the current test so that, once its body has passed, `servers()` are checked. A wrapper rather
 * than an afterEach hook: a failing hook would skip every later test of the suite; this fails the one.
 */
export function checkServersAfterThisTest(context: Context, servers: () => readonly MessagesApiServer[]): void {
  const test = context.currentTest;
  // A test written with a done callback keeps its own shape (none here uses the server that way).
  if (!test?.fn || test.fn.length > 0) return;
  const body = test.fn as (this: Context) => unknown;
  test.fn = async function (this: Context) {
    await body.call(this);
    const problems = servers().flatMap((server) => server.uncheckedProblems().map((problem) => `${server.url}: ${problem}`));
    if (problems.length > 0) throw new Error(`The Messages-API test server was left with what this test did not check:\n  ${problems.join('\n  ')}`);
  };
}

export const mochaHooks = {
  beforeEach(this: Context) {
    // Servers started before this test (in a before hook) belong to their suite, not to this test.
    takeStartedServers();
    let mine: MessagesApiServer[] = [];
    checkServersAfterThisTest(this, () => (mine = [...mine, ...takeStartedServers()]));
  },
};
