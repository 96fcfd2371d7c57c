// Flags as exports write them: yes/no, 1/0, true/false, x, and the de/fr words.

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'x', 'ja', 'j', 'oui', 'wahr', 'vrai', 'on']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', 'nein', 'non', 'falsch', 'faux', 'off', '-']);

/** yes/no, 1/0, true/false and their de/fr words; undefined when the text is none of them. */
export function parseBooleanText(text: string): boolean | undefined {
  const s = text.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return undefined;
}
