/** `--lang` of every report command, and the header rows of the CLI tables in that language. */
import { Option } from 'commander';
import { LANGS, tr, type Lang } from '../../lambdas/reports/index.js';

/** `--lang zh-CN|en` (default: from LC_ALL / LC_MESSAGES / LANG, see langFromEnv). */
export function langOption(): Option {
  return new Option('--lang <lang>', 'report language (default: from LC_ALL, LC_MESSAGES or LANG; zh* is zh-CN)').choices(LANGS);
}

/** Column headers (English upper case msgids) in `lang`. */
export function headers(lang: Lang, ids: readonly string[]): string[] {
  return ids.map((id) => tr(lang, id));
}
