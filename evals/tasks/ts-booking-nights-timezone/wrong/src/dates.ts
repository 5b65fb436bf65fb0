// Calendar days of a booking, as 'YYYY-MM-DD' strings: the hotel's calendar dates, not instants.
// Days are parsed as local midnights so that they match the server's calendar.
const DAY_MS = 24 * 60 * 60 * 1000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export type Weekday = (typeof WEEKDAYS)[number];

function parseDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a calendar day: ${day}`);
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
}

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  const date = parseDay(day);
  date.setDate(date.getDate() + n);
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
  return WEEKDAYS[parseDay(day).getDay()];
}

/** Nights that fall on a Friday or a Saturday (weekend rate). */
export function weekendNights(checkIn: string, checkOut: string): string[] {
  return nightsOf(checkIn, checkOut).filter((night) => weekday(night) === 'Fri' || weekday(night) === 'Sat');
}
