import { SourceParameters } from './source-parameters';

const SOURCE = {
  id: 'source-1',
  externalIdParam: 'clickid',
  costParam: 'cpc',
  // A source may send one parameter into two places: its click ID also kept as var2.
  variables: { var1: 'zone', var2: 'clickid', var10: 'sub10' },
};

describe('SourceParameters', () => {
  const parameters = new SourceParameters(SOURCE);

  it.each([
    ['the raw link', 'zone=7&clickid=abc&cpc=0.02&zone=8&other=1'],
    ['what Fastify parsed', { zone: ['7', '8'], clickid: 'abc', cpc: '0.02', other: '1' }],
  ])('reads the source named parameters from %s', (_, query) => {
    expect(parameters.read(query)).toEqual({
      externalId: 'abc',
      cost: '0.02',
      vars: { var1: '7', var2: 'abc' },
    });
  });

  it('leaves out what is absent or empty', () => {
    expect(parameters.read('clickid=&zone=&sub10')).toEqual({ externalId: null, cost: null, vars: {} });
    expect(parameters.read('')).toEqual({ externalId: null, cost: null, vars: {} });
  });

  it('makes values storable and cuts them at 255 characters, never inside a character', () => {
    const long = `${'a'.repeat(254)}😀`;
    const read = parameters.read(`clickid=${encodeURIComponent(long)}&zone=%ED%A0%80x&cpc=a%00b`);
    expect(read.externalId).toBe('a'.repeat(254));
    // An escape that is not valid UTF-8 stays as sent (Fastify's parser does the same).
    expect(read.vars.var1).toBe('%ED%A0%80x');
    expect(read.cost).toBe('a\uFFFDb');
  });

  it('reads no parameter for a source that names none', () => {
    const none = new SourceParameters({ id: 'source-2', variables: {} });
    expect(none.read('clickid=abc&zone=1')).toEqual({ externalId: null, cost: null, vars: {} });
  });

  it('reads own properties only from what Fastify parsed', () => {
    const inherits = new SourceParameters({ id: 'source-3', externalIdParam: 'constructor', variables: {} });
    expect(inherits.read({}).externalId).toBeNull();
    expect(inherits.read('constructor=x').externalId).toBe('x');
  });
});
