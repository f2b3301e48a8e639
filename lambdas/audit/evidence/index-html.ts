/**
 * `index.html` of an evidence pack: for each deregistration step, the PIPL articles it answers and
 * the parts and files of the pack that evidence it, with each file's SHA-256, in the pack's
 * language. Built on the reports' page shell (no script, no fetch). Test hooks: `data-part`,
 * `data-step` and `data-files` on each part's row; `data-path` on each file's row.
 */
import { escapeHtml, formatCount } from '../../format.js';
import { htmlPage } from '../../reports/html-page.js';
import { messages, term, type Lang } from '../../reports/messages/index.js';
import type { PackIndex } from './pack-index.js';
import { articleLabel } from './parts.js';

/** The page for an index (files listed as given: index.html cannot list its own hash). */
export function renderPackIndexHtml(index: PackIndex, lang: Lang): string {
  const m = messages(lang);
  const label = (id: string): string => term(lang, 'labels', id);
  const range = `${index.range.from ?? '…'} – ${index.range.to ?? '…'}`;
  const partRows = index.parts
    .map((p) => {
      const articles = p.pipl.map((a) => articleLabel(a, lang)).join(lang === 'en' ? ', ' : '、');
      return (
        `<tr data-part="${p.part}" data-step="${p.step}" data-files="${p.files}">` +
        `<td>${escapeHtml(term(lang, 'steps', p.step))}</td>` +
        `<td>${escapeHtml(articles)}</td>` +
        `<td class="wrap">${escapeHtml(term(lang, 'parts', p.part))}</td>` +
        (p.files ? `<td>${formatCount(p.files)}</td>` : `<td class="wrap">${escapeHtml(`${m.evidence.notIncluded}${p.note ? ` (${p.note})` : ''}`)}</td>`) +
        '</tr>'
      );
    })
    .join('');
  const fileRows = index.files
    .map(
      (f) =>
        `<tr data-path="${escapeHtml(f.path)}"><td class="key">${escapeHtml(f.path)}</td>` +
        `<td>${escapeHtml(f.part ? term(lang, 'steps', index.parts.find((p) => p.part === f.part)?.step ?? '') : '')}</td>` +
        `<td class="num" data-value="${f.bytes}">${formatCount(f.bytes)}</td><td class="key">${f.sha256}</td></tr>`,
    )
    .join('');
  const pipl = lang === 'en' ? 'Personal Information Protection Law (PIPL)' : '《个人信息保护法》';
  return htmlPage({
    lang,
    title: m.evidence.title(index.vault),
    heading: m.evidence.title(index.vault),
    meta: [
      `<p class="meta">${escapeHtml(`${m.evidence.period}: ${range} · ${m.evidence.created}: ${index.createdAt}`)}</p>`,
      `<p class="note">${escapeHtml(m.evidence.intro)}</p>`,
    ],
    sections: [
      `<h2>${escapeHtml(`${label('step')} · ${pipl}`)}</h2>`,
      `<table data-table="parts"><thead><tr><th>${escapeHtml(label('step'))}</th><th>${escapeHtml(label('pipl'))}</th>` +
        `<th>${escapeHtml(label('proves'))}</th><th>${escapeHtml(m.evidence.files)}</th></tr></thead><tbody>${partRows}</tbody></table>`,
      `<h2>${escapeHtml(m.evidence.files)} (${formatCount(index.files.length)})</h2>`,
      `<table data-table="files"><thead><tr><th>${escapeHtml(label('file'))}</th><th>${escapeHtml(label('step'))}</th>` +
        `<th class="num">${escapeHtml(label('bytes'))}</th><th>${escapeHtml(label('sha256'))}</th></tr></thead><tbody>${fileRows}</tbody></table>`,
    ],
  });
}
