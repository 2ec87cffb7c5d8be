/** The lessons shipped in the top-level lessons/ folder, bundled at build time and validated like any opened file. */
import { LessonFormatError, validateLesson, type Lesson } from '../../lessons/format.ts';

const files = import.meta.glob('../../../lessons/*.lesson.json', { eager: true, import: 'default' }) as Record<string, unknown>;

/** Shipped lessons in a teaching order: the CRISP-DM tour first, then by title. */
export function shippedLessons(): Lesson[] {
  const out: Lesson[] = [];
  for (const [path, json] of Object.entries(files)) {
    try {
      out.push(validateLesson(json));
    } catch (e) {
      // A broken shipped lesson is a build mistake (format.test.ts catches it); the others still load.
      console.error(`Lesson ${path} is invalid:`, e instanceof LessonFormatError ? e.problems.join('; ') : e);
    }
  }
  const first = (l: Lesson) => (l.id.startsWith('crisp-dm') ? 0 : 1);
  return out.sort((a, b) => first(a) - first(b) || a.title.localeCompare(b.title));
}
