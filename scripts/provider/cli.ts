/**
 * `node scripts/assemble-provider.mjs <config.json> [--out dir]`: validates a provider config and writes
 * that provider's workflows, ready for `n8n import:workflow --separate`. Messages are Russian, because the
 * person who runs it is a franchise trainer or an organisation's administrator.
 */
import fs from 'node:fs';
import path from 'node:path';

import { serviceName } from '../../schemas';
import { assembleProvider, type Assembly } from './assemble';
import { parseProviderConfig, type ProviderConfig } from './config';
import { defaultFormPrefix } from './ids';

/** Files of an earlier assembly that the new one replaces: numbered workflow files only. */
const ASSEMBLED_FILE = /^\d\d-[a-z0-9-]+\.json$/;

const USAGE = 'Использование: node scripts/assemble-provider.mjs <файл настроек.json> [--out папка]';

interface Arguments {
	configFile: string;
	outDir?: string;
}

function parseArguments(argv: readonly string[]): Arguments | string {
	let configFile: string | undefined;
	let outDir: string | undefined;
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--out') {
			outDir = argv[index + 1];
			index += 1;
			if (!outDir) {
				return `После --out укажите папку.\n${USAGE}`;
			}
		} else if (argument.startsWith('--out=')) {
			outDir = argument.slice('--out='.length);
		} else if (argument.startsWith('-')) {
			return `Неизвестный параметр ${argument}.\n${USAGE}`;
		} else if (configFile) {
			return `Укажите один файл настроек, а не несколько.\n${USAGE}`;
		} else {
			configFile = argument;
		}
	}
	return configFile ? { configFile, outDir } : USAGE;
}

function summary(config: ProviderConfig, assembly: Assembly, outDir: string): string[] {
	const lines = [`Организация: ${config.organisation}`, `Папка: ${outDir}`, '', 'Процессы:'];
	for (const [file, workflow] of Object.entries(assembly.workflows)) {
		lines.push(`  ${file}  ${workflow.id}  ${workflow.name}`);
		const partners = assembly.handovers[file].filter((handover) => handover.to !== 'own');
		for (const handover of partners) {
			lines.push(`    услуга ${handover.service} «${serviceName(handover.service)}» → партнеру ${handover.to}`);
		}
	}
	const skipped = Object.entries(assembly.skipped).sort(([left], [right]) => left.localeCompare(right));
	if (skipped.length > 0) {
		lines.push('', 'Не включены (их услуги оказывают партнеры):');
		for (const [file, services] of skipped) {
			lines.push(`  ${file}  (услуги ${services.join(', ')})`);
		}
	}
	lines.push('', 'Дальше:');
	if (config.base.backend === 'airtable') {
		lines.push(`  1. Создайте в n8n учетные данные «Airtable (ТЖЦТ) API» с названием «${config.base.credential}» и таблицы базы узлом «ТЖЦТ: настройка базы».`);
	} else {
		lines.push(`  1. База — локальный файл ${config.base.path ?? 'по умолчанию в папке n8n'}: настраивать ничего не нужно.`);
	}
	lines.push(`  2. Создайте учетные данные SMTP с названием «${config.mail.credential}»: по этому названию процессы найдут их при импорте.`);
	lines.push(`  3. Импортируйте процессы: n8n import:workflow --separate --input=${outDir}`);
	lines.push('  4. Опубликуйте (Publish) процессы с формами и расписанием.');
	return lines;
}

/** Runs the command; returns the exit code. */
export function runAssembleCli(argv: readonly string[], cwd = process.cwd()): number {
	const parsed = parseArguments(argv);
	if (typeof parsed === 'string') {
		console.error(parsed);
		return 2;
	}

	const configPath = path.resolve(cwd, parsed.configFile);
	let text: string;
	try {
		text = fs.readFileSync(configPath, 'utf8');
	} catch (error) {
		console.error(`Не удалось прочитать файл настроек ${configPath}: ${(error as Error).message}`);
		return 2;
	}

	const validation = parseProviderConfig(text);
	if (!validation.ok) {
		console.error(`Настройки провайдера в ${parsed.configFile} не приняты. Исправьте:`);
		for (const problem of validation.problems) {
			console.error(`  — ${problem}`);
		}
		return 1;
	}
	for (const warning of validation.warnings) {
		console.warn(`Внимание: ${warning}`);
	}

	const config = validation.config;
	const outDir = path.resolve(cwd, parsed.outDir ?? path.join('provider-workflows', config.formPrefix ?? defaultFormPrefix(config.organisation)));
	const assembly = assembleProvider(config);

	fs.mkdirSync(outDir, { recursive: true });
	for (const file of fs.readdirSync(outDir)) {
		if (ASSEMBLED_FILE.test(file) && !(file in assembly.workflows)) {
			fs.rmSync(path.join(outDir, file));
		}
	}
	for (const [file, workflow] of Object.entries(assembly.workflows)) {
		fs.writeFileSync(path.join(outDir, file), `${JSON.stringify(workflow, null, '\t')}\n`);
	}
	console.log(summary(config, assembly, outDir).join('\n'));
	return 0;
}
