/** The problems of one param field, announced to screen readers (role alert) and linked by aria-describedby. */
export function FieldMessages({ id, messages }: { id: string; messages: string[] }) {
  return (
    <div id={id} className="cf-field-error" role="alert">
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}
