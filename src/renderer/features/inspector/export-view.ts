// Exports of the inspector's current view: the token graph as a standalone SVG (colours resolved,
// no CSS variables) and as PNG, the heatmap as PNG.

/** The graph's SVG as a file: computed colours written into the copy so it renders anywhere. */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const original = svg.querySelectorAll('text');
  copy.querySelectorAll('text').forEach((text, i) => {
    const style = getComputedStyle(original[i]);
    text.setAttribute('fill', style.fill || '#1c2128');
  });
  // Every line, even when the view hides them to follow a focused token.
  copy.querySelector('.edges')?.setAttribute('display', 'inline');
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.insertBefore(Object.assign(document.createElementNS('http://www.w3.org/2000/svg', 'rect'), {}), copy.firstChild);
  const background = copy.firstChild as SVGRectElement;
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  return new XMLSerializer().serializeToString(copy);
}

/** Renders SVG text to a PNG blob (through a data: URL, which the page's CSP allows for images). */
export async function svgToPng(text: string, width: number, height: number, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0);
  return canvasToPng(canvas);
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the view could not be drawn to PNG'))), 'image/png'));
}
