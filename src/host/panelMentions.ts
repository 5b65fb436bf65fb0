// `@path` mentions from the panel's box, on the host: the completion's candidates from the folder the
// next task would run in, and on send the mentioned files as attachments, with what the panel is
// told about mentions that attached nothing.
import * as vscode from 'vscode';
import { mentionedFiles } from '../agent/context/fileMentions';
import type { Attachment } from '../agent/context/taskAttachments';
import type { PanelAnswers } from '../shared/protocol';
import { MentionSearch } from './mentionSearch';
import { taskFolderWithoutAsking } from './taskFolder';
import { VsCodeWorkspace } from './vscodeWorkspace';
import { errorText } from '../shared/errorText';

export class PanelMentions implements vscode.Disposable {
  private readonly _search = new MentionSearch();

  /** What the completion offers for `query`; `preferredFolder`: the folder of the conversation a reply goes on. */
  async candidates(query: string, preferredFolder: string | undefined): Promise<PanelAnswers['mention-files']> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return { paths: [], note: 'Open a folder to mention its files.' };
    const folder = taskFolderWithoutAsking(preferredFolder);
    if (!folder) return { paths: [], note: 'Several folders are open: open a file of the one this task is for, and its files are offered here.' };
    let paths: string[] | undefined;
    try {
      paths = await this._search.find(folder, query);
    } catch (error) {
      return { paths: [], note: `Loupe could not list the files of ${folder.name}: ${errorText(error)}` };
    }
    if (!paths) return { paths: [], superseded: true };
    return paths.length > 0 ? { paths } : { paths, note: `No file in ${folder.name} has "${query}" in its path.` };
  }

  /** The files the text's mentions name in `folder`, and a notice per mention that attached nothing. */
  async attachments(folder: vscode.Uri, text: string): Promise<{ attachments: Attachment[]; notices: string[] }> {
    const workspace = await VsCodeWorkspace.open(folder);
    const { attachments, unresolved } = await mentionedFiles(workspace, text);
    return { attachments, notices: unresolved.map((item) => item.why) };
  }

  dispose(): void {
    this._search.dispose();
  }
}
