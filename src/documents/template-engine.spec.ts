import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_TYPE_NAMES } from './document-types.js';
import { TemplateEngine, templatesDir } from './template-engine.js';

const samples = JSON.parse(readFileSync(join(templatesDir(), 'samples.json'), 'utf8'));
const engine = new TemplateEngine();

describe('document templates', () => {
  it.each(DOCUMENT_TYPE_NAMES)('%s renders its sample in strict mode with the header, 文号 and title', (type) => {
    const html = engine.render(type, samples[type]);
    expect(html).toContain(samples[type].doc.bureauName);
    expect(html).toContain(samples[type].doc.number);
    expect(html).toContain(samples[type].doc.title);
    expect(html).toMatch(/<html[\s>]/);
  });

  it.each(DOCUMENT_TYPE_NAMES)('%s fails loudly when a field is missing', (type) => {
    const { doc, ...rest } = samples[type];
    const firstKey = Object.keys(rest)[0];
    const broken = { doc, ...rest, [firstKey]: undefined };
    delete broken[firstKey];
    expect(() => engine.render(type, broken)).toThrow();
  });

  it('escapes user data: a name with markup is shown, not executed', () => {
    const data = structuredClone(samples.contract_reminder);
    data.worker.name = '<script>alert(1)</script>';
    const html = engine.render('contract_reminder', data);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
