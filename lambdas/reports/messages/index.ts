/**
 * Report languages: one message catalogue per language (en.ts, zh-CN.ts), chosen by `--lang` or,
 * by default, from the locale (LC_ALL, then LC_MESSAGES, then LANG: `zh*` is Chinese). A missing
 * translation falls back to the English text, then to the id itself, never to an error: new
 * identifier types appear before their names do.
 */
import { en, type Messages } from './en.js';
import { zhCN } from './zh-CN.js';

/** Languages of the reports. */
export const LANGS = ['en', 'zh-CN'] as const;
/** One language. */
export type Lang = (typeof LANGS)[number];

const CATALOGUES: Readonly<Record<Lang, Messages>> = { en, 'zh-CN': zhCN };

/** The language the locale asks for: Chinese for any `zh` locale, else English. */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh\b|^zh[_-]/i.test(locale) ? 'zh-CN' : 'en';
}

/** The catalogue of `lang`. */
export function messages(lang: Lang): Messages {
  return CATALOGUES[lang];
}

type Section = 'types' | 'levels' | 'reasons' | 'labels' | 'steps' | 'parts' | 'csv';

/** One entry of a section, falling back to English and then to the id. */
export function term(lang: Lang, section: Section, id: string): string {
  return CATALOGUES[lang][section][id] ?? en[section][id] ?? id;
}

/**
 * A phrase of a page, gettext style: `msgid` is the English text, the catalogue's `phrases` maps
 * it to the language's; `{name}` placeholders are filled from `vars`. Untranslated phrases stay
 * English.
 */
export function tr(lang: Lang, msgid: string, vars: Readonly<Record<string, string | number>> = {}): string {
  const text = CATALOGUES[lang].phrases[msgid] ?? msgid;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** `term(lang, 'types', id)`: the name of an identifier type. */
export function typeName(lang: Lang, id: string): string {
  return term(lang, 'types', id);
}
