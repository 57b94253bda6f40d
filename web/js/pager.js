// Keyset paging: the cursors of the pages seen so far, so "previous" works without offsets.
import { h } from './dom.js';
import { number, t } from './i18n.js';

export const PAGE_SIZE = 50;

export class Pager {
  constructor() { this.reset(); }

  reset() { this.cursors = [null]; }

  get after() { return this.cursors[this.cursors.length - 1]; }

  get start() { return (this.cursors.length - 1) * PAGE_SIZE; }

  // The controls under a list: range, total, previous and next.
  controls(connection, shown, repaint) {
    const { totalCount, pageInfo } = connection;
    const range = shown ? t('gaps.range', { a: number(this.start + 1), b: number(this.start + shown) }) : '';
    return h('div', { class: 'pager' },
      h('button', { type: 'button', class: 'prev', disabled: this.cursors.length === 1,
        onclick: () => { this.cursors.pop(); repaint(); } }, t('page.prev')),
      h('span', { class: 'range' }, range),
      h('span', { class: 'total', dataset: { total: totalCount } }, t('gaps.total', { n: number(totalCount) })),
      h('button', { type: 'button', class: 'next', disabled: !pageInfo.hasNextPage,
        onclick: () => { this.cursors.push(pageInfo.endCursor); repaint(); } }, t('page.next')));
  }
}
