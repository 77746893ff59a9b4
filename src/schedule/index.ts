/** Pure next-fire computation for task schedules. Timers only wake the engine; the math is here. */
export { nextSlot } from './next-slot.js';
export { firstSlot } from './first-slot.js';
export { slotsBetween, type SlotRange } from './slots-between.js';
export { scheduleKey } from './schedule-key.js';
export { describeSchedule } from './describe-schedule.js';
export { bindSchedule, type SlotSchedule, type CalendarLookup } from './slot-schedule.js';
export { lastMarketSlots, skippedTimes, type SkippedTime } from './market-slots.js';
export { parseDuration, parseSessionTime, formatMarketRule } from './market-rule.js';
export { retryDelay } from './retry-delay.js';
export { compileCron } from './cron-cache.js';
export { CompiledCron } from './compiled-cron.js';
