/** Text for HTML and SVG: `&`, `<`, `>`, `"` and `'` escaped. @example `escapeHtml('<a>') // '&lt;a&gt;'` */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
