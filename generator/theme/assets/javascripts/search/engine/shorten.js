// At most 30 characters of a text, "…" marking a cut (a query quoted in captions, the status and titles).
export function shorten(text) {
  const chars = Array.from(text);
  return chars.length > 30 ? chars.slice(0, 30).join("") + "…" : text;
}
