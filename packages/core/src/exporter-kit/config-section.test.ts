import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { configTypes, readConfigSection } from './config-section.js';

const table = {
  flavor: { type: configTypes.oneOf(['etsy', 'datadog']), default: 'etsy' },
  address: { type: configTypes.string({ trim: true }) },
  size: {
    type: configTypes.integer(64, 1432, 'bytes'),
    validate: (v: number) => (v % 2 ? 'must be even' : undefined),
  },
  rate: { type: configTypes.number(0, 1, { exclusiveMin: true }) },
  period: { type: configTypes.duration() },
  on: { type: configTypes.boolean(), required: true },
  headers: { type: configTypes.stringRecord({ secret: true }) },
  quantiles: { type: configTypes.array(configTypes.number(0, 1)) },
} as const;

function error(section: unknown): ConfigError {
  try {
    readConfigSection('demo', section, table);
  } catch (caught) {
    return caught as ConfigError;
  }
  throw new Error('no error');
}

describe('readConfigSection', () => {
  it('fills in defaults and returns typed values', () => {
    const values = readConfigSection('demo', { on: true, address: ' host:8125 ', period: '5s' }, table);
    expect(values).toEqual({
      flavor: 'etsy',
      address: 'host:8125',
      size: undefined,
      rate: undefined,
      period: 5_000,
      on: true,
      headers: undefined,
      quantiles: undefined,
    });
  });

  it('refuses every bad value with one wording that names the field and the value', () => {
    const cases: Array<[unknown, string]> = [
      [{ on: 'yes' }, 'Invalid config demo.on="yes": must be true or false'],
      [{}, 'Invalid config demo.on=undefined: is required'],
      [{ on: true, flavor: 'x' }, 'Invalid config demo.flavor="x": must be one of "etsy", "datadog"'],
      [
        { on: true, size: 10 },
        'Invalid config demo.size=10: must be an integer number of bytes from 64 to 1432',
      ],
      [{ on: true, size: 65 }, 'Invalid config demo.size=65: must be even'],
      [{ on: true, rate: 0 }, 'Invalid config demo.rate=0: must be a number greater than 0 and at most 1'],
      [{ on: true, rate: Number.NaN }, 'Invalid config demo.rate=NaN'],
      [{ on: true, address: '  ' }, 'Invalid config demo.address="  ": must be a non-empty string'],
      [
        { on: true, period: {} },
        'Invalid config demo.period={}: must be milliseconds or a duration like "5s"',
      ],
      [
        { on: true, quantiles: [0.5, 2] },
        'Invalid config demo.quantiles[1]=2: must be a number at least 0 and at most 1',
      ],
      [
        { on: true, adress: 'x' },
        'Invalid config demo.adress="x": is not a known field of demo; use one of flavor,',
      ],
      [[], 'Invalid config demo=[]: must be an object'],
    ];
    for (const [section, message] of cases) {
      const thrown = error(section);
      expect(thrown).toBeInstanceOf(ConfigError);
      expect(thrown.code).toBe('METERKIT_INVALID_CONFIG');
      expect(thrown.message).toContain(message);
    }
  });

  it('never echoes secrets: header values, objects under unknown keys', () => {
    expect(error({ on: true, headers: { authorization: 5 } }).message).toBe(
      'Invalid config demo.headers.authorization="[redacted]": must be a string',
    );
    expect(error({ on: true, pushAuht: { password: 'hunter2' } }).message).not.toContain('hunter2');
    expect(() => readConfigSection('demo', { typo: 'token-abc' }, table, { redactUnknown: 'all' })).toThrow(
      'demo.typo="[redacted]"',
    );
  });

  it('ignores an unknown key whose value is undefined', () => {
    expect(readConfigSection('demo', { on: false, typo: undefined }, table).on).toBe(false);
  });
});
