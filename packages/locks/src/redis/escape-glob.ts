/** Escapes Redis glob metacharacters (`* ? [ ] \`) so `SCAN MATCH` treats `text` literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
