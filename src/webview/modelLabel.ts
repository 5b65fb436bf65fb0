// A model id as a short name for the panel's narrow header: "claude-sonnet-5-5" → "Sonnet 5.5",
// "claude-haiku-4-5-20251001" → "Haiku 4.5". Ids of another shape are shown as they are.
const CLAUDE_ID = /^claude-([a-z]+)-(\d+)(?:-(\d{1,2}))?(?:-\d{8})?$/;

export function modelLabel(id: string): string {
  const match = CLAUDE_ID.exec(id);
  if (!match) return id;
  const [, family = '', major, minor] = match;
  return `${family.charAt(0).toUpperCase()}${family.slice(1)} ${major}${minor ? `.${minor}` : ''}`;
}
