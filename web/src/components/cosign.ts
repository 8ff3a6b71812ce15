/** Words of the co-signature pages (CoSignPage, the cabinet list, the applicant's page). */

/** "Second parent" → "second parent", to sit inside a sentence. */
export const inSentence = (s: string): string => s.charAt(0).toLocaleLowerCase() + s.slice(1);
