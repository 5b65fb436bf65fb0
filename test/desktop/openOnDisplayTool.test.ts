// open_on_display's input, described once (toolInput.ts): the schema the API is sent names both
// fields, and input that does not fit it is refused, field by field, before anything opens.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualDisplay } from '../../src/agent/desktop/virtualDisplay';
import { OpenOnDisplayTool } from '../../src/agent/tools/openOnDisplayTool';
import { ScriptedApprover } from '../support/approvers';
import { createToolContext } from '../support/toolContext';

describe('open_on_display input', function () {
  this.timeout(30_000);
  let display: VirtualDisplay;
  let folder: string;

  before(async () => {
    display = await VirtualDisplay.start({ width: 320, height: 240 });
    folder = await mkdtemp(join(tmpdir(), 'loupe-open-'));
  });
  after(async () => {
    await display?.dispose();
    await rm(folder, { recursive: true, force: true });
  });

  it('tells the API both fields, and refuses neither, both, a URL of another scheme and an empty command, saying which and why', async () => {
    const tool = new OpenOnDisplayTool(display, folder);
    const schema = tool.definition().input_schema as { properties: Record<string, { type: string; description: string }> };
    assert.deepEqual(Object.keys(schema.properties).sort(), ['command', 'url']);
    assert.equal(schema.properties.url!.type, 'string');
    const context = await createToolContext(folder, new ScriptedApprover(), { approveAll: true });
    const refusals: Array<[unknown, RegExp]> = [
      [{}, /Give exactly one of `url` or `command`/],
      [{ url: 'http://127.0.0.1:1/', command: 'xterm' }, /Give exactly one of `url` or `command`/],
      [{ url: 'javascript:alert(1)' }, /An http:\/\/, https:\/\/ or file:\/\/ URL\.\n  → at url/],
      [{ command: '   ' }, /→ at command/],
      [{ url: 42 }, /expected string, received number\n  → at url/],
      ['open it', /expected object/],
    ];
    for (const [input, message] of refusals) {
      const result = await tool.run(input, context);
      assert.equal(result.isError, true, JSON.stringify(input));
      assert.match(String(result.content), message, JSON.stringify(input));
    }
    await tool.dispose();
  });
});
