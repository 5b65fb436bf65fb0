// The host's log of the last session, replayed to a panel page that loads again.
import assert from 'node:assert/strict';
import { INTERRUPTED_BY_RELOAD, MAX_LOG_CHARS, TranscriptLog } from '../../src/host/transcriptLog';
import { MAX_LIVE_OUTPUT_CHARS, type HostMessage } from '../../src/shared/protocol';
import { hunk, panel } from '../support/panelMessages';

function logOf(...messages: HostMessage[]): TranscriptLog {
  const log = new TranscriptLog();
  for (const message of messages) log.record(message);
  return log;
}

describe('TranscriptLog', function () {
  it('keeps one entry per streamed block: consecutive text, thinking and one command\'s output are joined', function () {
    const log = logOf(panel.started(), panel.thinking('Let me '), panel.thinking('look.'), panel.text('I will '), panel.text('fix it.'), panel.bash('t1', 'npm test'), panel.output('t1', 'ok 1\n'), panel.output('t1', 'ok 2\n'), panel.text('Done.'));
    assert.deepEqual(log.messages(), [panel.started(), panel.thinking('Let me look.'), panel.text('I will fix it.'), panel.bash('t1', 'npm test'), panel.output('t1', 'ok 1\nok 2\n'), panel.text('Done.')]);
  });

  it('caps a command\'s kept output at what the panel shows', function () {
    const log = logOf(panel.started(), panel.bash('t1', 'yes'), ...Array.from({ length: 30 }, () => panel.output('t1', 'y'.repeat(1_000))));
    const output = log.messages().at(-1)!;
    assert.equal(output.type === 'event' && output.event.type === 'tool_output' ? output.event.chunk.length : -1, MAX_LIVE_OUTPUT_CHARS);
  });

  it('keeps each review once, in its first place, in its newest state; and only the newest plan', function () {
    const log = logOf(panel.started(), panel.plan('read'), panel.review('change-1', 'a.js', [hunk(['+a'])]), panel.text('waiting'), panel.review('change-1', 'a.js', [hunk(['+a'], true)], 'accepted'), panel.plan('read', 'fix'));
    assert.deepEqual(log.messages(), [panel.started(), panel.review('change-1', 'a.js', [hunk(['+a'], true)], 'accepted'), panel.text('waiting'), panel.plan('read', 'fix')]);
  });

  it('forgets the previous session when a new one starts, and never keeps ready-ack or thinking state', function () {
    const log = logOf(panel.started('one'), panel.text('old'), { type: 'thinking', on: true }, panel.started('two'), { type: 'ready-ack', running: true, thinking: false, model: 'claude-sonnet-5-5' }, panel.text('new'));
    assert.deepEqual(log.messages(), [panel.started('two'), panel.text('new')]);
  });

  it('stays within its bound by dropping screenshots between the first and the newest first', function () {
    // Five of these pass the bound (with the session-started entry); four fit.
    const shot = 'A'.repeat(MAX_LOG_CHARS / 5);
    const log = logOf(panel.started(), ...Array.from({ length: 8 }, (_, index) => panel.screenshot(`s${index}`, shot)));
    const kept = log.messages().flatMap((message) => (message.type === 'event' && message.event.type === 'screenshot' ? [message.event.id] : []));
    assert.deepEqual(kept, ['s0', 's5', 's6', 's7']);
  });

  it('numbers each screenshot by its place in the session, keeps the number when trimming drops the screenshot, and starts again with a new session', function () {
    const shot = 'A'.repeat(MAX_LOG_CHARS / 5);
    const log = logOf(panel.started(), ...Array.from({ length: 8 }, (_, index) => panel.screenshot(`s${index}`, shot)), panel.screenshot('s2', 'again'));
    assert.deepEqual(['s0', 's1', 's2', 's7', 'nope'].map((id) => log.screenshotNumber(id)), [1, 2, 3, 8, undefined]);
    log.record(panel.started('next'));
    log.record(panel.screenshot('t0', 'B'));
    assert.deepEqual([log.screenshotNumber('s0'), log.screenshotNumber('t0')], [undefined, 1]);
  });

  it('drops the oldest entries, and says so, when text alone passes the bound', function () {
    const block = 'x'.repeat(MAX_LOG_CHARS / 3);
    const log = logOf(panel.started(), panel.text(block), panel.notice('between'), panel.text(block), panel.notice('between'), panel.text(block), panel.notice('last'));
    const messages = log.messages();
    assert.deepEqual(messages[0], panel.started());
    const notice = messages[1];
    assert.match(notice?.type === 'notice' ? notice.message : '', /Earlier parts of this transcript were not kept/);
    // The first text block went: the two newest and everything between them stay, in order.
    assert.deepEqual(messages.slice(2), [panel.notice('between'), panel.text(block), panel.notice('between'), panel.text(block), panel.notice('last')]);
  });

  it('restores a saved log, ignoring entries that are not host messages', function () {
    const log = new TranscriptLog();
    assert.equal(log.isEmpty, true);
    log.restore([panel.started(), { type: 'ready-ack' }, 42, null, { type: 'evil' }, panel.text('hi'), panel.ended()]);
    assert.deepEqual(log.messages(), [panel.started(), panel.text('hi'), panel.ended()]);
    log.restore('not a list');
    assert.equal(log.isEmpty, false);
  });

  it('restores only entries that fit the saved schema whole: a known type with wrong fields is dropped, extra fields are not kept', function () {
    const log = new TranscriptLog();
    const malformed = [
      { type: 'event' },
      { type: 'event', event: { type: 'text_delta', text: 42 } },
      { type: 'event', event: { type: 'screenshot', id: 's1', mediaType: 'image/svg+xml', width: 1, height: 1, dataBase64: '' } },
      { type: 'change-review', review: { id: 'c1', relativePath: 'a.js', created: false, hunks: 'all of them' } },
      { type: 'session-ended', outcome: { kind: 'exploded' } },
      { type: 'question', question: { id: 'q1', text: 'Run it?', choices: 'Accept' } },
    ];
    log.restore([panel.started(), ...malformed, { ...panel.text('kept'), extra: '<script>' }, panel.ended()]);
    assert.deepEqual(log.messages(), [panel.started(), panel.text('kept'), panel.ended()]);
  });

  it('ends a task saved while it ran: the reload stopped it, and the page must not draw it as working', function () {
    const log = new TranscriptLog();
    log.restore([panel.started(), panel.text('half way')]);
    assert.deepEqual(log.messages(), [panel.started(), panel.text('half way'), { type: 'session-ended', outcome: { kind: 'failed', reason: INTERRUPTED_BY_RELOAD } }]);
  });

  it('keeps a reply in the conversation, and ends a reply saved while it ran though the task before it had ended', function () {
    const reply: HostMessage = { type: 'follow-up', text: 'Now the docs' };
    const log = logOf(panel.started(), panel.text('first'), panel.ended(), reply, panel.text('second'));
    assert.deepEqual(log.messages(), [panel.started(), panel.text('first'), panel.ended(), reply, panel.text('second')]);
    const restored = new TranscriptLog();
    restored.restore(log.messages());
    assert.deepEqual(restored.messages().at(-1), { type: 'session-ended', outcome: { kind: 'failed', reason: INTERRUPTED_BY_RELOAD } });
    const finished = new TranscriptLog();
    finished.restore([...log.messages(), panel.ended()]);
    assert.equal(finished.messages().length, 6);
  });
});
