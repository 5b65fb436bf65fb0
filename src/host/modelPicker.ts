// Loupe: Select Model…: the models the account can use, from the Models API, in a quick pick. Each
// row says what the model table knows (price, context, thinking); the choice is saved to the
// `loupe.model` setting, so the next task (and the next window) uses it.
import * as vscode from 'vscode';
import { ModelClient } from '../agent/model/modelClient';
import { familyOf, isKnownModel } from '../agent/model/modelTable';
import { errorText } from '../shared/errorText';

interface ModelItem extends vscode.QuickPickItem {
  id: string;
}

const TYPE_AN_ID = 'Type a model id…';

/** Shows the picker; resolves to the chosen model id once it is saved, or undefined when the user backs out. */
export async function pickModel(apiKey: string, current: string, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const chosen = await chooseFromList(apiKey, current, log);
  if (!chosen) return undefined;
  const id = chosen.id || (await askForId(current));
  if (!id) return undefined;
  await vscode.workspace.getConfiguration('loupe').update('model', id, vscode.ConfigurationTarget.Global);
  log.info(`Model set to ${id} (loupe.model).`);
  return id;
}

/** The quick pick itself, disposed however it ends (a choice, Escape, or closed while loading). */
async function chooseFromList(apiKey: string, current: string, log: vscode.LogOutputChannel): Promise<ModelItem | undefined> {
  const pick = vscode.window.createQuickPick<ModelItem>();
  try {
    pick.title = 'Loupe: Select Model';
    pick.placeholder = `Current: ${current}. Loading the models your API key can use…`;
    pick.matchOnDescription = true;
    pick.busy = true;
    pick.show();
    const closed = new Promise<undefined>((resolve) => pick.onDidHide(() => resolve(undefined)));
    const loading = new AbortController();
    pick.onDidHide(() => loading.abort());
    try {
      const baseURL = process.env.ANTHROPIC_BASE_URL;
      const models = await new ModelClient({ apiKey, ...(baseURL ? { baseURL } : {}) }).listModels(loading.signal);
      pick.items = [...models.map((model) => itemFor(model.id, model.displayName, current)), { label: TYPE_AN_ID, id: '', alwaysShow: true }];
      pick.placeholder = `Current: ${current}`;
      const active = pick.items.find((item) => item.id === current);
      if (active) pick.activeItems = [active];
    } catch (error) {
      if (loading.signal.aborted) return undefined;
      const reason = errorText(error);
      log.warn(`Could not list models: ${reason}`);
      // The list is a convenience: a model id typed by hand still works.
      pick.items = [{ label: TYPE_AN_ID, id: '', alwaysShow: true }];
      pick.placeholder = `Could not list models (${reason}). Type a model id instead.`;
    } finally {
      pick.busy = false;
    }
    return await Promise.race([new Promise<ModelItem | undefined>((resolve) => pick.onDidAccept(() => resolve(pick.selectedItems[0]))), closed]);
  } finally {
    pick.dispose();
  }
}

function itemFor(id: string, displayName: string, current: string): ModelItem {
  const family = familyOf(id);
  const price = `$${family.prices.inputPerMTok} / $${family.prices.outputPerMTok} per million tokens in / out`;
  const context = `${family.contextWindow >= 1_000_000 ? `${family.contextWindow / 1_000_000}M` : `${family.contextWindow / 1000}K`} context`;
  const detail = isKnownModel(id) ? `${price} · ${context}${family.deprecated ? ` · deprecated: ${family.deprecated}` : ''}` : `${family.label}: not in Loupe's model table, so configured like the default`;
  return { id, label: `${id === current ? '$(check) ' : ''}${displayName}`, description: id, detail };
}

async function askForId(current: string): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Loupe: Select Model',
    prompt: 'A model id from the Models API',
    value: current,
    validateInput: (value) => (/^[a-z0-9][a-z0-9.@:_-]*$/i.test(value.trim()) ? undefined : 'A model id has letters, digits, dots, dashes, colons or underscores, e.g. claude-sonnet-5-5.'),
  });
  return typed?.trim() || undefined;
}
