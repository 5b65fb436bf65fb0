// The report formats by name. A new format is a module with a `format` function and an entry here.
import * as csv from './csv.ts';
import * as json from './json.ts';
import * as markdown from './markdown.ts';
import type { Formatter } from './types.ts';

export type { Formatter } from './types.ts';

export const formats: Record<string, Formatter> = { csv, markdown, json };
