/** The working calendar, local time, deadlines and working time — one import for callers. */
export * from './calendar.ts';
export * from './deadline.ts';
export * from './time.ts';
export { addWorkingMs, compileHours, countingDay, endOfWorkingDay, workingMsBetween } from './worktime.ts';
