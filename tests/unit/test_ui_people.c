/* test_ui_people.c: moments are shown in Beijing time, never as the stored UTC string. */
#include "common.h"
#include "tap.h"
#include "web/ui_people.h"

int main(void)
{
	char t[17];
	tap_str(ui_beijing_time("2026-12-06T13:37:00Z", t), "2026-12-06 21:37", "UTC+8");
	tap_str(ui_beijing_time("2026-12-31T16:05:09Z", t), "2027-01-01 00:05",
		"past Beijing midnight it is the next day, and the next year");
	tap_str(ui_beijing_time("2024-02-28T20:00:00.123Z", t), "2024-02-29 04:00",
		"milliseconds and a leap day");
	tap_str(ui_beijing_time("2026-12-06", t), "", "a plain date is not a timestamp");
	tap_str(ui_beijing_time("2026-12-06T25:00:00Z", t), "", "an impossible hour");
	tap_str(ui_beijing_time(NULL, t), "", "NULL");
	return tap_done();
}
