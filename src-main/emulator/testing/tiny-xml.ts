/** One element of a parsed XML document: enough structure to compare a response with a model. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own text (entities decoded); empty for elements with children. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}

/**
 * A strict little parser for the XML the emulator writes (AWS response documents): elements,
 * attributes (ignored), text, entities, a prolog. No DTDs, CDATA, comments or mixed content; anything
 * it does not understand, or any tag that does not close properly, throws, which a test reports.
 */
export function parseXml(source: string): XmlElement {
  let at = 0;
  const skipProlog = (): void => {
    const prolog = /^\s*<\?xml[^?]*\?>/.exec(source.slice(at));
    if (prolog) at += prolog[0].length;
  };
  const element = (): XmlElement => {
    const open = /^\s*<([A-Za-z_][\w.-]*)(\s+[^>]*?)?(\/?)>/.exec(source.slice(at));
    if (!open) throw new Error(`expected an element at offset ${at}: ${source.slice(at, at + 40)}`);
    at += open[0].length;
    const node: XmlElement = { name: open[1] as string, children: [], text: '' };
    if (open[3] === '/') return node;
    for (;;) {
      const close = new RegExp(`^([^<]*)</${node.name}\\s*>`).exec(source.slice(at));
      if (close) {
        at += close[0].length;
        const text = close[1] as string;
        if (node.children.length === 0) node.text = decode(text);
        else if (text.trim() !== '') throw new Error(`mixed content in <${node.name}>`);
        return node;
      }
      const before = /^([^<]*)(?=<[A-Za-z_])/.exec(source.slice(at));
      if (!before) throw new Error(`<${node.name}> is not closed properly at offset ${at}`);
      if ((before[1] as string).trim() !== '') throw new Error(`mixed content in <${node.name}>`);
      at += (before[1] as string).length;
      node.children.push(element());
    }
  };
  skipProlog();
  const root = element();
  if (source.slice(at).trim() !== '')
    throw new Error(`content after the root element: ${source.slice(at, at + 40)}`);
  return root;
}
