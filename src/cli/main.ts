/**
 * The `smash` command. Bad input gives a one-line message and an exit status, never a stack trace:
 * 0 success, 1 errors in the input (diagnostics, a failed run), 2 a usage error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runCheck } from './check.js';
import { UnreadableFileError } from './documents.js';

const USAGE = `usage: smash <command> [options]

commands:
  check FILE...        check .smash files; one line per problem: path:line:col: severity: message [code]
      --json           print the problems as JSON

options:
  -h, --help           show this help
  -v, --version        show the version`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
        process.stdout.write(USAGE + '\n');
        return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
        process.stdout.write(`${VERSION}\n`);
        return 0;
    }
    switch (command) {
        case 'check': {
            const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
            if (positionals.length === 0) throw new UsageError('smash check needs at least one FILE');
            return runCheck(positionals, values.json === true, (line) => process.stdout.write(line + '\n'));
        }
        default:
            throw new UsageError(`unknown command '${command}'`);
    }
}

function parse<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
    try {
        return parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
}

declare const __SMASH_VERSION__: string | undefined;
const VERSION = typeof __SMASH_VERSION__ === 'string' ? __SMASH_VERSION__ : 'dev';

main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
        if (error instanceof UsageError) {
            process.stderr.write(`smash: ${error.message}\n\n${USAGE}\n`);
            process.exitCode = 2;
        } else if (error instanceof UnreadableFileError) {
            process.stderr.write(`smash: ${error.message}\n`);
            process.exitCode = 2;
        } else {
            process.stderr.write(`smash: internal error: ${(error as Error)?.message ?? String(error)}\n`);
            process.exitCode = 1;
        }
    },
);
