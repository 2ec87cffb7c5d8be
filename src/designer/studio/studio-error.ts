/**
 * An error answer of the studio API as an Error with the studio's own sentence (its JSON `error`), else
 * the status line. No DOM and no page state: the import worker uses it too, when it fetches workspace files.
 */
export class StudioError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function studioErrorFrom(res: Response, path: string): Promise<StudioError> {
  let message = `The studio answered ${res.status} ${res.statusText} for ${path}.`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return new StudioError(res.status, message);
}
