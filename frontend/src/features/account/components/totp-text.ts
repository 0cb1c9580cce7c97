/** The server's SVG as an image source: never put into the page as markup, so it cannot run anything. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** The recovery codes as a text file, one a line, under a header naming the account. */
export function recoveryCodesText(header: string, codes: readonly string[]): string {
  return `${header}\n\n${codes.join('\n')}\n`;
}
