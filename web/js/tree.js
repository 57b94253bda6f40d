// The org chart's model: organisations loaded so far, which are open, fetched a level at a time.
import { gql } from './api.js';
import { state } from './state.js';

const LEVEL = `query Level($rootId: ID!, $asOf: Date) {
  orgChart(rootId: $rootId, depth: 1, asOf: $asOf) {
    id name kind parentId depth secretaries gapCount childCount
  }
}`;
const PATH = `query Path($id: ID!, $asOf: Date) {
  responsibilityChain(organisationId: $id, asOf: $asOf) { organisation { id } }
}`;

export class Tree {
  constructor() {
    this.nodes = new Map();
    this.rootId = null;
    this.asOf = null;
  }

  node(id) { return this.nodes.get(id); }

  put(row) {
    const node = Object.assign(this.nodes.get(row.id) || { children: null, open: false }, row);
    this.nodes.set(row.id, node);
    return node;
  }

  // Loads an organisation and its direct children.
  async load(id) {
    const rows = (await gql(LEVEL, { rootId: id, asOf: this.asOf })).orgChart;
    const [self, ...children] = rows;
    this.put(self).children = children.map((row) => this.put(row).id);
  }

  async reset(rootId) {
    this.nodes = new Map();
    this.rootId = rootId;
    this.asOf = state.asOf;
    await this.load(rootId);
    this.node(rootId).open = true;
  }

  // Reloads what is shown for the day now chosen, a level at a time from the root: a node that
  // was open stays open if it is still below an open one that day (one founded later, dissolved
  // or moved away is not asked about); hidden levels are fetched again when opened.
  async follow() {
    this.asOf = state.asOf;
    const wasOpen = new Set(this.visible().filter((n) => n.open).map((n) => n.id));
    for (const node of this.nodes.values()) Object.assign(node, { children: null, open: false });
    let level = [this.rootId];
    while (level.length) {
      await Promise.all(level.map((id) => this.load(id)));
      const opened = level.filter((id) => wasOpen.has(id));
      opened.forEach((id) => { this.node(id).open = true; });
      level = opened.flatMap((id) => this.node(id).children.filter((child) => wasOpen.has(child)));
    }
  }

  async toggle(id) {
    const node = this.node(id);
    if (!node.childCount) return;
    if (!node.open && node.children === null) await this.load(id);
    node.open = !node.open;
  }

  // Opens every shown node that has children: one level more.
  async openLevel() {
    const closed = this.visible().filter((n) => !n.open && n.childCount);
    await Promise.all(closed.filter((n) => n.children === null).map((n) => this.load(n.id)));
    closed.forEach((n) => { n.open = true; });
  }

  closeAll() {
    for (const node of this.nodes.values()) node.open = node.id === this.rootId;
  }

  // Opens the path from the root to an organisation; false when it is not below the root.
  async reveal(id) {
    const chain = (await gql(PATH, { id, asOf: this.asOf })).responsibilityChain;
    const path = chain.map((link) => link.organisation.id).reverse();
    const from = path.indexOf(this.rootId);
    if (from < 0) return false;
    for (const stepId of path.slice(from, -1)) {
      const step = this.node(stepId);
      if (step.children === null) await this.load(stepId);
      step.open = true;
    }
    return true;
  }

  // The nodes shown (the root and the children of open nodes), each with its level below the root.
  visible() {
    const out = [];
    const walk = (id, level) => {
      const node = this.node(id);
      node.level = level;
      out.push(node);
      if (node.open && node.children) node.children.forEach((child) => walk(child, level + 1));
    };
    if (this.rootId) walk(this.rootId, 0);
    return out;
  }
}
