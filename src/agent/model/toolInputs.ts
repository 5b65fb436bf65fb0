// Tool inputs the model sent that are not JSON objects (a bare number: `42`). The SDK's stream parses a
// tool input with a partial-JSON parser that throws on such an input ("Unexpected end of JSON input"),
// which would end the task; the turn is then asked again without streaming, where the input arrives as
// it is and the tool runner answers it with an is_error result. Back to the API it goes as {}, since a
// tool_use input must be an object there.
import Anthropic from '@anthropic-ai/sdk';

/** Whether a stream failed on a tool input it could not parse (see the module comment). */
export function isUnreadableToolInput(error: unknown): boolean {
  if (!(error instanceof Anthropic.AnthropicError) || error instanceof Anthropic.APIError) return false;
  // The beta stream names it; the other only rethrows the parser's SyntaxError, known by where it came
  // from (a broken event stream fails in the SDK's event parser instead, and is asked again as it was).
  const cause = (error as { cause?: unknown }).cause;
  return /Unable to parse tool parameter JSON/.test(error.message) || (cause instanceof SyntaxError && /partialParse/.test(cause.stack ?? ''));
}

/** The assistant content as it goes back to the API: a tool_use input that is not an object becomes {}. */
export function forHistory(content: Anthropic.ContentBlock[]): Anthropic.ContentBlock[] {
  if (!content.some((block) => block.type === 'tool_use' && !isObject(block.input))) return content;
  return content.map((block) => (block.type === 'tool_use' && !isObject(block.input) ? { ...block, input: {} } : block));
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
