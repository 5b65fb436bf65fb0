// A custom tool's input is described once, as a zod schema: the JSON schema the API is sent comes from
// it, and the model's input is checked against it, so the two cannot say different things. The
// model's input is untrusted JSON; what fails the check goes back to it as an is_error result that
// names each field and why.
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';

/** The input_schema a tool definition sends, from the schema that checks the input. */
export function inputSchemaOf(schema: z.ZodObject): Anthropic.Tool.InputSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return json as Anthropic.Tool.InputSchema;
}

export type ParsedInput<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseToolInput<S extends z.ZodType>(tool: string, schema: S, input: unknown): ParsedInput<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: `The ${tool} input does not fit its schema:\n${z.prettifyError(parsed.error)}` };
}
