// The files a task's `@path` mentions name, as attachments (taskAttachments.ts): each mention that
// names a file inside the task's folder (the workspace's own confinement check: no `..`, no symlink
// out) sends that file's text; one that names nothing there stays plain text, and the caller is told.
import { open, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Workspace } from '../ports';
import { findMentions } from '../../shared/mentions';
import { errorText } from '../../shared/errorText';
import { resolveWorkspacePath } from '../workspace/resolveWorkspacePath';
import type { Attachment } from './taskAttachments';

/**
 * A file past this is not read at all: the attachments stop at 60,000 characters together
 * (MAX_ATTACHED_CHARS), so a megabyte is already far more than would be sent.
 */
export const MAX_MENTIONED_FILE_BYTES = 1024 * 1024;
/** Mentions past this many files stay plain text: a task is about a few files, not a folder's worth. */
export const MAX_MENTIONED_FILES = 20;
/** Git calls a file binary when a NUL byte appears in its first 8,000 bytes; the same test here. */
const BINARY_SNIFF_BYTES = 8_000;

export interface UnresolvedMention {
  /** As written, with its `@`. */
  mention: string;
  /** Why it was not attached, in a sentence for the panel. */
  why: string;
}

export interface MentionedFiles {
  /** One per file mentioned (a file mentioned twice goes once), in the order first mentioned. */
  attachments: Attachment[];
  unresolved: UnresolvedMention[];
}

export async function mentionedFiles(workspace: Workspace, text: string): Promise<MentionedFiles> {
  const attachments: Attachment[] = [];
  const unresolved: UnresolvedMention[] = [];
  const seen = new Set<string>();
  for (const { path } of findMentions(text)) {
    const mention = `@${path}`;
    // Mentions are written relative to the task's folder, as the completion inserts them.
    if (isAbsolute(path)) {
      unresolved.push({ mention, why: `${mention} is an absolute path; mention files by their path in the folder (as the completion writes them).` });
      continue;
    }
    const resolved = await resolveWorkspacePath(workspace.root, path);
    if (!resolved.ok) {
      unresolved.push({ mention, why: `${mention} was not attached: ${resolved.error}` });
      continue;
    }
    if (seen.has(resolved.absolutePath)) continue;
    const facts = await stat(resolved.absolutePath).catch(() => undefined);
    if (!facts) {
      unresolved.push({ mention, why: `${mention} names no file in this folder, so it was sent as plain text.` });
      continue;
    }
    if (!facts.isFile()) {
      unresolved.push({ mention, why: `${mention} is a folder, so it was sent as plain text; mention the files in it you want attached.` });
      continue;
    }
    if (attachments.length >= MAX_MENTIONED_FILES) {
      unresolved.push({ mention, why: `${mention} was not attached: a task takes at most ${MAX_MENTIONED_FILES} mentioned files.` });
      continue;
    }
    seen.add(resolved.absolutePath);
    attachments.push(await attachment(workspace, resolved.absolutePath, resolved.relativePath, facts.size));
  }
  return { attachments, unresolved };
}

async function attachment(workspace: Workspace, absolutePath: string, relativePath: string, size: number): Promise<Attachment> {
  if (size > MAX_MENTIONED_FILE_BYTES) return { path: relativePath, text: '', notAttached: `${megabytes(size)}, larger than the ${megabytes(MAX_MENTIONED_FILE_BYTES)} a mentioned file may be; view parts of it instead` };
  try {
    if (await looksBinary(absolutePath)) return { path: relativePath, text: '', notAttached: 'a binary file' };
    // Through the workspace, so in VS Code an editor's unsaved text is what goes, as the agent's own reads see it.
    const text = await workspace.readFile(absolutePath);
    if (text === undefined) return { path: relativePath, text: '', notAttached: 'it was removed before it could be read' };
    return { path: relativePath, text };
  } catch (error) {
    return { path: relativePath, text: '', notAttached: `it could not be read: ${errorText(error)}` };
  }
}

async function looksBinary(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    // UTF-16 text is full of NULs; its byte order mark says it is text (textEncoding.ts reads it).
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
    return head.includes(0);
  } finally {
    await file.close();
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
