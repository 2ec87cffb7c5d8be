/** Keys and what they do, as a table (the designer's sheet and review mode's help). */
export function ShortcutTable({ shortcuts }: { shortcuts: readonly (readonly [keys: string, what: string])[] }) {
  return (
    <table className="cf-shortcuts">
      <thead>
        <tr>
          <th scope="col">Keys</th>
          <th scope="col">What they do</th>
        </tr>
      </thead>
      <tbody>
        {shortcuts.map(([keys, what]) => (
          <tr key={keys}>
            <th scope="row">
              <kbd>{keys}</kbd>
            </th>
            <td>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
