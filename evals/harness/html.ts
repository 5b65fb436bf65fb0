// Text put into the HTML report, escaped so a task id or a reason cannot become markup.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
