// Calendar days of a booking, as 'YYYY-MM-DD' strings: the hotel's calendar dates, not instants.
// All arithmetic is done on UTC midnights, which have no DST and do not depend on the server's zone.
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export type Weekday = (typeof WEEKDAYS)[number];

function parseDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a calendar day: ${day}`);
  return new Date(`${day}T00:00:00Z`);
}

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  const date = parseDay(day);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** How many nights a stay has. */
export function nightCount(checkIn: string, checkOut: string): number {
  return Math.round((parseDay(checkOut).getTime() - parseDay(checkIn).getTime()) / DAY_MS);
}

/** Every night of a stay: from check-in (included) to check-out (excluded). */
export function nightsOf(checkIn: string, checkOut: string): string[] {
  const nights: string[] = [];
  for (let i = 0; i < nightCount(checkIn, checkOut); i++) nights.push(addDays(checkIn, i));
  return nights;
}

export function weekday(day: string): Weekday {
  return WEEKDAYS[parseDay(day).getUTCDay()];
}

/** Nights that fall on a Friday or a Saturday (weekend rate). */
export function weekendNights(checkIn: string, checkOut: string): string[] {
  return nightsOf(checkIn, checkOut).filter((night) => weekday(night) === 'Fri' || weekday(night) === 'Sat');
}
