/**
 * A collapsible read-only tree of any JSON-like value (typed arrays shown as their length and first
 * values). Every string is rendered as text, never as HTML.
 */
const MAX_CHILDREN = 200;
const PREVIEW = 8;

function isTypedArray(v: unknown): v is ArrayLike<number> & { constructor: { name: string } } {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function Leaf({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="cf-json-null">null</span>;
  if (typeof value === 'string') return <span className="cf-json-string">"{value}"</span>;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return <span className="cf-json-number">{String(value)}</span>;
  }
  return <span>{String(value)}</span>;
}

type Row = Record<string, unknown>;
const isPrimitive = (v: unknown) => v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);

/** Keys of an array of flat records with few columns (problems, columns, groups), else undefined. */
export function tableKeys(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const keys = new Set<string>();
  for (const row of value.slice(0, MAX_CHILDREN)) {
    if (row === null || typeof row !== 'object' || Array.isArray(row) || ArrayBuffer.isView(row)) return undefined;
    for (const [k, v] of Object.entries(row as Row)) {
      if (!isPrimitive(v)) return undefined;
      keys.add(k);
    }
  }
  return keys.size > 0 && keys.size <= 12 ? [...keys] : undefined;
}

function RecordsTable({ rows, keys }: { rows: Row[]; keys: string[] }) {
  return (
    <table className="cf-kv cf-json-table">
      <thead>
        <tr>
          {keys.map((k) => (
            <th scope="col" key={k}>
              {k}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, MAX_CHILDREN).map((r, i) => (
          <tr key={i}>
            {keys.map((k) => (
              <td key={k}>{r[k] === null || r[k] === undefined ? '' : String(r[k])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Node({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const label = name !== undefined ? <span className="cf-json-key">{name}: </span> : null;
  const keys = tableKeys(value);
  if (keys) {
    const rows = value as Row[];
    return (
      <li>
        <details open={depth < 2}>
          <summary>
            {label}
            <span className="cf-muted">[{rows.length}]</span>
          </summary>
          <RecordsTable rows={rows} keys={keys} />
          {rows.length > MAX_CHILDREN && <p className="cf-muted">… and {rows.length - MAX_CHILDREN} more</p>}
        </details>
      </li>
    );
  }
  if (isTypedArray(value)) {
    const head = Array.from({ length: Math.min(PREVIEW, value.length) }, (_, i) => value[i]).join(', ');
    return (
      <li>
        {label}
        <span className="cf-muted">
          {value.constructor.name}({value.length}) [{head}
          {value.length > PREVIEW ? ', …' : ''}]
        </span>
      </li>
    );
  }
  if (value instanceof Date) {
    return (
      <li>
        {label}
        <Leaf value={value.toISOString()} />
      </li>
    );
  }
  if (value !== null && typeof value === 'object') {
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const summary = Array.isArray(value) ? `[${value.length}]` : `{${entries.length}}`;
    return (
      <li>
        <details open={depth < 2}>
          <summary>
            {label}
            <span className="cf-muted">{summary}</span>
          </summary>
          <ul className="cf-json">
            {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
              <Node key={k} name={k} value={v} depth={depth + 1} />
            ))}
            {entries.length > MAX_CHILDREN && <li className="cf-muted">… and {entries.length - MAX_CHILDREN} more</li>}
          </ul>
        </details>
      </li>
    );
  }
  return (
    <li>
      {label}
      <Leaf value={value} />
    </li>
  );
}

export function JsonTree({ value, label = 'Data' }: { value: unknown; label?: string }) {
  return (
    <ul className="cf-json cf-json-root" aria-label={label} data-testid="json-tree">
      <Node value={value} depth={0} />
    </ul>
  );
}
