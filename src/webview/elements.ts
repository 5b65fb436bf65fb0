// The panel's controls: @vscode-elements (Lit web components that draw VS Code's own buttons and
// checkboxes from the theme variables) with codicons. Only the components used are imported, so the
// bundle carries just those and Lit.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeCollapsible } from '@vscode-elements/elements/dist/vscode-collapsible/vscode-collapsible.js';

export interface ButtonOptions {
  /** A codicon name (e.g. `check`), drawn before the label. */
  icon?: string;
  /** The less prominent style, for everything but the main action. */
  secondary?: boolean;
  title?: string;
  /** Draw only the icon (where space is short, as on each hunk); the label stays as its accessible name. */
  iconOnly?: boolean;
}

export function button(label: string, className: string, options: ButtonOptions = {}): VscodeButton {
  const node = document.createElement('vscode-button');
  node.className = className;
  if (options.iconOnly && options.icon) {
    node.iconOnly = true;
    node.setAttribute('aria-label', label);
  } else {
    node.textContent = label;
  }
  if (options.icon) node.icon = options.icon;
  node.secondary = options.secondary ?? false;
  if (options.title) node.title = options.title;
  return node;
}

/** Disables a button for pointer, keyboard and assistive technology alike (the component sets no aria-disabled itself). */
export function setEnabled(node: VscodeButton, enabled: boolean): void {
  node.disabled = !enabled;
  node.setAttribute('aria-disabled', String(!enabled));
}

export function checkbox(label: string, className: string): VscodeCheckbox {
  const node = document.createElement('vscode-checkbox');
  node.className = className;
  node.label = label;
  return node;
}

/** A folding section with a heading; closed until the user opens it. */
export function collapsible(heading: string, className: string, open = false): VscodeCollapsible {
  const node = document.createElement('vscode-collapsible');
  node.className = className;
  node.heading = heading;
  node.open = open;
  return node;
}

/** A codicon on its own (e.g. in a row label); the font is loaded by the page's codicon sheet. */
export function icon(name: string): HTMLSpanElement {
  const node = document.createElement('span');
  node.className = `codicon codicon-${name}`;
  node.setAttribute('aria-hidden', 'true');
  return node;
}
