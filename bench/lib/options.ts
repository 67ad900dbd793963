import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

const HELP = { help: { type: 'boolean', default: false } } as const;

/**
 * Every bench's command line: node:util `parseArgs`, strict (an unknown flag or a missing value is
 * an error, naming it, with the usage line; exit code 2), `--name value` and `--name=value` alike,
 * no positionals. `--help` prints the usage and exits 0.
 */
export function parseBenchArgs<const T extends ParseArgsOptionsConfig>(
  usage: string,
  options: T,
  args: readonly string[] = process.argv.slice(2),
) {
  const config = {
    args: [...args],
    options: { ...options, ...HELP } as T & typeof HELP,
    strict: true,
    allowPositionals: false,
  } as const;
  let values: ReturnType<typeof parseArgs<typeof config>>['values'];
  try {
    values = parseArgs(config).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nusage: ${usage}`);
    process.exit(2);
  }
  if ((values as { help?: boolean }).help === true) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  return values;
}

/** A numeric option: a finite number ≥ `min` (default 0), or exit 2 naming it. */
export function numberOption(value: string | undefined, name: string, min = 0): number {
  const number = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(number) || number < min) {
    console.error(`--${name} must be a number ≥ ${String(min)} (got ${String(value)})`);
    process.exit(2);
  }
  return number;
}

/** An integer option ≥ `min` (default 1), or exit 2 naming it. */
export function integerOption(value: string | undefined, name: string, min = 1): number {
  const number = numberOption(value, name, min);
  if (!Number.isInteger(number)) {
    console.error(`--${name} must be an integer ≥ ${String(min)} (got ${String(value)})`);
    process.exit(2);
  }
  return number;
}
