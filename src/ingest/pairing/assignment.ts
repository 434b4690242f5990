/**
 * Maximum-weight one-to-one assignment (the Hungarian algorithm, Kuhn–Munkres with potentials, O(n³)) for
 * pairing the articles of two editions: every row gets at most one column and every column at most one row,
 * so that the sum of the chosen weights is largest. {@link assignComponents} runs it on each connected group
 * of eligible article pairs.
 */

/**
 * Chooses at most one column per row and one row per column, maximising the total weight.
 * @param weights - `weights[row][column]`; a rectangular matrix. Cells that are `null` (or not finite, or
 *   ≤ 0) are never chosen: leaving a row unassigned is always allowed and worth 0.
 * @returns `[row, column]` index pairs, in row order.
 */
export function maximumWeightAssignment(weights: readonly (readonly (number | null)[])[]): readonly (readonly [number, number])[] {
  const rows = weights.length;
  const columns = rows === 0 ? 0 : Math.max(...weights.map((row) => row.length));
  if (rows === 0 || columns === 0) return [];
  // Square cost matrix of size n = rows + columns: each real row may take a "stay unassigned" column and
  // each real column a "stay unassigned" row at cost 0, so forbidden cells are never forced.
  const size = rows + columns;
  const FORBIDDEN = 1e9;
  const cost = (row: number, column: number): number => {
    if (row < rows && column < columns) {
      const weight = weights[row]?.[column] ?? null;
      return weight !== null && Number.isFinite(weight) && weight > 0 ? -weight : FORBIDDEN;
    }
    if (row < rows) return column - columns === row ? 0 : FORBIDDEN; // row stays unassigned
    if (column < columns) return row - rows === column ? 0 : FORBIDDEN; // column stays unassigned
    return 0; // dummy with dummy
  };
  // e-maxx formulation, 1-based.
  const u = new Float64Array(size + 1);
  const v = new Float64Array(size + 1);
  const matchOfColumn = new Int32Array(size + 1);
  const way = new Int32Array(size + 1);
  for (let row = 1; row <= size; row += 1) {
    matchOfColumn[0] = row;
    let column0 = 0;
    const minimum = new Float64Array(size + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(size + 1);
    do {
      used[column0] = 1;
      const row0 = matchOfColumn[column0] ?? 0;
      let delta = Number.POSITIVE_INFINITY;
      let column1 = 0;
      for (let column = 1; column <= size; column += 1) {
        if (used[column] === 1) continue;
        const current = cost(row0 - 1, column - 1) - (u[row0] ?? 0) - (v[column] ?? 0);
        if (current < (minimum[column] ?? Number.POSITIVE_INFINITY)) {
          minimum[column] = current;
          way[column] = column0;
        }
        if ((minimum[column] ?? Number.POSITIVE_INFINITY) < delta) {
          delta = minimum[column] ?? Number.POSITIVE_INFINITY;
          column1 = column;
        }
      }
      for (let column = 0; column <= size; column += 1) {
        if (used[column] === 1) {
          const matched = matchOfColumn[column] ?? 0;
          u[matched] = (u[matched] ?? 0) + delta;
          v[column] = (v[column] ?? 0) - delta;
        } else {
          minimum[column] = (minimum[column] ?? 0) - delta;
        }
      }
      column0 = column1;
    } while ((matchOfColumn[column0] ?? 0) !== 0);
    do {
      const column1 = way[column0] ?? 0;
      matchOfColumn[column0] = matchOfColumn[column1] ?? 0;
      column0 = column1;
    } while (column0 !== 0);
  }
  const chosen: [number, number][] = [];
  for (let column = 1; column <= size; column += 1) {
    const row = (matchOfColumn[column] ?? 0) - 1;
    const realColumn = column - 1;
    if (row >= 0 && row < rows && realColumn < columns && cost(row, realColumn) < 0) chosen.push([row, realColumn]);
  }
  return chosen.sort((left, right) => left[0] - right[0]);
}

/** An eligible candidate pair: two article ids and the pair's score (a score ≤ 0 is never chosen). */
export interface AssignmentEdge {
  readonly chineseId: string;
  readonly englishId: string;
  readonly score: number;
}

/**
 * One-to-one assignment of eligible candidate pairs, maximising the total score: the Hungarian algorithm
 * on each connected group of candidates (articles linked by eligible pairs), so that its cubic cost stays
 * with the size of a group, not of the corpus.
 * @returns `[chineseId, englishId]` pairs, group by group (groups in order of their first edge), each
 *   group's pairs in the order of its Chinese ids' first edges.
 */
export function assignComponents(edges: readonly AssignmentEdge[]): readonly (readonly [string, string])[] {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) ?? root;
    parent.set(node, root);
    return root;
  };
  for (const edge of edges) {
    const chineseKey = `zh:${edge.chineseId}`;
    const englishKey = `en:${edge.englishId}`;
    if (!parent.has(chineseKey)) parent.set(chineseKey, chineseKey);
    if (!parent.has(englishKey)) parent.set(englishKey, englishKey);
    const left = find(chineseKey);
    const right = find(englishKey);
    if (left !== right) parent.set(left, right);
  }
  const groups = new Map<string, AssignmentEdge[]>();
  for (const edge of edges) {
    const root = find(`zh:${edge.chineseId}`);
    const group = groups.get(root) ?? [];
    group.push(edge);
    groups.set(root, group);
  }
  const assigned: [string, string][] = [];
  for (const group of groups.values()) {
    const chineseIds = [...new Set(group.map((edge) => edge.chineseId))];
    const englishIds = [...new Set(group.map((edge) => edge.englishId))];
    const row = new Map(chineseIds.map((id, index) => [id, index]));
    const column = new Map(englishIds.map((id, index) => [id, index]));
    const matrix: (number | null)[][] = chineseIds.map(() => englishIds.map(() => null));
    for (const edge of group) {
      const cells = matrix[row.get(edge.chineseId) ?? 0];
      if (cells !== undefined) cells[column.get(edge.englishId) ?? 0] = edge.score;
    }
    for (const [rowIndex, columnIndex] of maximumWeightAssignment(matrix)) {
      assigned.push([chineseIds[rowIndex] ?? '', englishIds[columnIndex] ?? '']);
    }
  }
  return assigned;
}

