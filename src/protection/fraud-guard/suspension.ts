/** What a suspension covers. */
export type SuspensionScope = 'country' | 'number_range';

/**
 * A suspension as the lease registry holds it and operators see it: where (a calling code, a masked
 * range), since when, and the counts that tipped it. No number in clear, and the window key it judged is
 * a keyed hash (so lifting can start that window afresh).
 */
export interface Suspension {
  id: string;
  scope: SuspensionScope;
  country_code: string;
  regions: string[];
  /** Only for a range: the range masked (`+62 81XXXXXXXXX`). */
  number_range?: string;
  suspended_at: string;
  lifts_at: string;
  sent: number;
  confirmed: number;
}

/** As granted: the counts are added by the shared state when it judges the window (`SendRecord`). */
export interface StoredSuspension extends Omit<
  Suspension,
  'id' | 'lifts_at' | 'sent' | 'confirmed'
> {
  windowKey: string;
}
